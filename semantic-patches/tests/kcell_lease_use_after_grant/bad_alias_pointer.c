// SPDX-License-Identifier: GPL-2.0
/*
 * A receive path that takes pointers into its buffer before handing the
 * buffer to the device: an offset to the payload, a cast to the header, a
 * plain copy, the address of an element.  Each is read after the grant,
 * while the device may be writing the bytes it points at.
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
	u8 *buf, *payload, *copy;
	struct acme_hdr *hdr;

	buf = dma_lease_cpu(&rx->lease);
	if (!buf)
		return -EBUSY;
	payload = buf + ETH_HLEN;
	hdr = (struct acme_hdr *)buf;
	copy = buf;

	bus = dma_lease_grant(&rx->lease);
	if (kcell_dma_is_error(bus))
		return -EIO;
	writel(kcell_dma_lower_32_bits(bus), rx->regs + ACME_REG_RX);

	if (hdr->csum)					/* KCELL-EXPECT */
		rx->dropped++;
	payload[0] = 0;					/* KCELL-EXPECT */
	return copy[1];					/* KCELL-EXPECT */
}

static void acme_rx_poke(struct acme_rx *rx)
{
	u8 *buf = dma_lease_cpu(&rx->lease);
	u8 *tail;

	if (!buf)
		return;
	tail = &buf[ETH_HLEN];
	(void)dma_lease_grant(&rx->lease);
	memset(tail, 0, 4);				/* KCELL-EXPECT */
}
