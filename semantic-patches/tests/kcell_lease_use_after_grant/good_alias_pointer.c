// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_alias_pointer.c: the pointers into the buffer are used
 * before the grant, taken again after the reclaim, or only measured.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <kcell/kcell.h>

#define ACME_REG_RX	0x10

struct acme_hdr {
	__le16 len;
	__le16 csum;
};

struct acme_rx {
	void __iomem *regs;
	struct dma_lease lease;
	u32 dropped;
};

static int acme_rx_post(struct acme_rx *rx)
{
	kcell_dma_t bus;
	u8 *buf, *payload;
	struct acme_hdr *hdr;

	buf = dma_lease_cpu(&rx->lease);
	if (!buf)
		return -EBUSY;
	hdr = (struct acme_hdr *)buf;
	hdr->csum = 0;
	payload = buf + ETH_HLEN;
	memset(payload, 0, 4);

	bus = dma_lease_grant(&rx->lease);
	if (kcell_dma_is_error(bus)) {
		/* Not granted: the buffer is still the CPU's. */
		hdr->len = 0;
		return -EIO;
	}
	writel(kcell_dma_lower_32_bits(bus), rx->regs + ACME_REG_RX);
	return sizeof(*hdr);
}

static int acme_rx_done(struct acme_rx *rx)
{
	struct acme_hdr *hdr;
	u8 *buf;

	buf = dma_lease_reclaim(&rx->lease);
	if (!buf)
		return -EBUSY;
	hdr = (struct acme_hdr *)buf;
	return le16_to_cpu(hdr->len);
}
