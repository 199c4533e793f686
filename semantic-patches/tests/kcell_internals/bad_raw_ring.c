// SPDX-License-Identifier: GPL-2.0
/*
 * A NIC descriptor ring that reaches into its DMA region and its buffer
 * leases instead of using the accessors.
 */
#include <linux/netdevice.h>
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

#define ACME_RING_SIZE	64

struct acme_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct acme_rx_ring {
	struct dma_region desc;
	struct dma_lease buf[ACME_RING_SIZE];
	unsigned int next;
};

static void acme_rx_dump(struct acme_rx_ring *ring, unsigned int i)
{
	struct acme_desc *d = ring->desc.__kc_cpu;	/* KCELL-EXPECT */
	u8 *data = ring->buf[i].__kc_cpu;	/* KCELL-EXPECT */

	print_hex_dump_bytes("desc: ", DUMP_PREFIX_OFFSET, &d[i], sizeof(*d));
	print_hex_dump_bytes("data: ", DUMP_PREFIX_OFFSET, data, 64);
}

static void acme_rx_fill(struct acme_rx_ring *ring, unsigned int i)
{
	struct acme_desc *d;
	struct dma_lease *l = &ring->buf[i];

	d = (struct acme_desc *)ring->desc.__kc_cpu + i;	/* KCELL-EXPECT */
	d->addr = cpu_to_le64((__force u64)l->__kc_bus);	/* KCELL-EXPECT */
	d->len = cpu_to_le32(l->__kc_len);	/* KCELL-EXPECT */
	WRITE_ONCE(d->status, 0);
}

static void acme_rx_unmap_all(struct acme_rx_ring *ring, struct device *dev)
{
	unsigned int i;

	for (i = 0; i < ACME_RING_SIZE; i++) {
		struct dma_lease *l = &ring->buf[i];

		/* Skips the state machine: a granted buffer is unmapped. */
		dma_unmap_single(l->__kc_dev,	/* KCELL-EXPECT */
				 (__force dma_addr_t)l->__kc_bus,	/* KCELL-EXPECT */
				 l->__kc_len, l->__kc_dir);	/* KCELL-EXPECT */
		atomic_set(&l->__kc_state, 0);	/* KCELL-EXPECT */
	}
}
