// SPDX-License-Identifier: GPL-2.0
#include <kcell/dma_region.h>

#include "selftest.h"

/*
 * Without a device the module can check only what needs none: the argument
 * checks of leases and regions.  The DMA paths run under KUnit and in the
 * sample drivers.
 */
int kcell_selftest_dma(void)
{
	struct dma_lease lease = {};
	struct dma_region region = {};
	char buf[8];
	int failed = 0;

	failed += SELFTEST_EXPECT(dma_lease_map(&lease, NULL, buf, sizeof(buf),
						DMA_TO_DEVICE) == -EINVAL);
	failed += SELFTEST_EXPECT(!dma_lease_cpu(&lease));
	failed += SELFTEST_EXPECT(dma_lease_unmap(&lease) == 0);
	failed += SELFTEST_EXPECT(dma_region_alloc(&region, NULL, 64,
						   GFP_KERNEL) == -EINVAL);
	failed += SELFTEST_EXPECT(dma_region_size(&region) == 0);
	failed += SELFTEST_EXPECT(kcell_dma_is_error(KCELL_DMA_ERROR));
	return failed;
}
