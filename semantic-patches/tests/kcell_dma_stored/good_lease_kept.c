// SPDX-License-Identifier: GPL-2.0
/*
 * The same slot keeping only its lease: the address is taken from the
 * grant where it goes into the descriptor, and a kcell_dma_t lives in
 * local variables and parameters only.
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_desc {
	kcell_dma_le64_t addr;
	__le32 len;
	__le32 status;
};

struct acme_slot {
	struct dma_lease lease;
	unsigned int len;
};

static int acme_post(struct dma_region *ring, unsigned int i,
		     struct acme_slot *s)
{
	kcell_dma_t bus = dma_lease_grant(&s->lease);

	if (kcell_dma_is_error(bus))
		return -EIO;
	return dma_region_write_field(ring, i, struct acme_desc, addr,
				      kcell_dma_to_desc(bus));
}

static void acme_print(kcell_dma_t bus)
{
	pr_debug("posted %#llx\n", kcell_dma_to_u64(bus));
}
