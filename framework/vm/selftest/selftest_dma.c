// SPDX-License-Identifier: GPL-2.0
#include <kcell/dma_region.h>

#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swiotlb.h>

#include "selftest.h"

#define SELFTEST_BUF_LEN	512

/*
 * A DMA_FROM_DEVICE lease keeps, through its unmap, what the CPU wrote
 * after the last reclaim: the unmap must not sync again.  Only a kernel
 * whose mappings bounce (swiotlb=force, as the VM harness boots this
 * module) can tell: there a sync at unmap copies the bounce buffer, as the
 * map left it, back over the CPU's bytes.
 */
static int selftest_unmap_keeps_cpu_writes(struct device *dev, u8 *buf)
{
	struct dma_lease lease = {};
	int failed = 0;
	u8 *cpu;

	memset(buf, 0xa5, SELFTEST_BUF_LEN);
	if (SELFTEST_EXPECT(dma_lease_map(&lease, dev, buf, SELFTEST_BUF_LEN,
					  DMA_FROM_DEVICE) == 0))
		return 1;
	failed += SELFTEST_EXPECT(!kcell_dma_is_error(dma_lease_grant(&lease)));
	cpu = dma_lease_reclaim(&lease);
	failed += SELFTEST_EXPECT(cpu == buf);
	if (cpu)
		memset(cpu, 0x5a, SELFTEST_BUF_LEN);
	failed += SELFTEST_EXPECT(dma_lease_unmap(&lease) == 0);
	failed += SELFTEST_EXPECT(buf[0] == 0x5a &&
				  buf[SELFTEST_BUF_LEN - 1] == 0x5a);
	return failed;
}

/* Checks that need a struct device: a root device, DMA-capable. */
static int selftest_dma_device(void)
{
	struct device *dev;
	int failed = 0;
	u8 *buf;

	dev = root_device_register("kcell_selftest");
	if (IS_ERR(dev))
		return SELFTEST_EXPECT(!IS_ERR(dev));
	dev->dma_mask = &dev->coherent_dma_mask;
	buf = kmalloc(SELFTEST_BUF_LEN, GFP_KERNEL);
	failed += SELFTEST_EXPECT(dma_set_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)) == 0);
	failed += SELFTEST_EXPECT(buf);
	if (!failed)
		failed += selftest_unmap_keeps_cpu_writes(dev, buf);
	pr_info("kcell_selftest: streaming mappings %s\n",
		is_swiotlb_force_bounce(dev) ? "bounce (swiotlb=force)" :
					       "do not bounce");
	kfree(buf);
	root_device_unregister(dev);
	return failed;
}

/*
 * Argument checks of leases and regions, then what needs a device.  The
 * rest of the DMA paths run under KUnit and in the sample drivers.
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
	return failed + selftest_dma_device();
}
