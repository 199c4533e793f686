// SPDX-License-Identifier: GPL-2.0
/* The counterpart of bad_raw_ring.c, through the region and lease API. */
#include <linux/netdevice.h>
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

#define ACME_RING_SIZE	64
#define ACME_DESC_SIZE	16

struct acme_rx_ring {
	struct dma_region desc;
	struct dma_lease buf[ACME_RING_SIZE];
	unsigned int next;
};

static void acme_rx_dump(struct acme_rx_ring *ring, unsigned int i)
{
	u8 *data = dma_lease_cpu(&ring->buf[i]);
	u32 status;

	if (dma_region_read(&ring->desc, i * ACME_DESC_SIZE + 12, &status))
		return;
	pr_debug("desc %u status %08x\n", i, status);
	if (data)
		print_hex_dump_bytes("data: ", DUMP_PREFIX_OFFSET, data, 64);
}

static int acme_rx_fill(struct acme_rx_ring *ring, unsigned int i)
{
	struct dma_lease *l = &ring->buf[i];
	size_t off = i * ACME_DESC_SIZE;
	kcell_dma_t bus;
	int ret;

	bus = dma_lease_grant(l);
	if (kcell_dma_is_error(bus))
		return -EBUSY;
	ret = dma_region_write(&ring->desc, off, kcell_dma_to_le64(bus));
	if (!ret)
		ret = dma_region_write(&ring->desc, off + 8,
				       cpu_to_le32(dma_lease_len(l)));
	if (!ret)
		ret = dma_region_write(&ring->desc, off + 12, (__le32)0);
	return ret;
}

static void acme_rx_unmap_all(struct acme_rx_ring *ring)
{
	unsigned int i;

	for (i = 0; i < ACME_RING_SIZE; i++) {
		struct dma_lease *l = &ring->buf[i];

		if (dma_lease_is_granted(l))
			dma_lease_reclaim(l);
		dma_lease_unmap(l);
	}
}
