// SPDX-License-Identifier: GPL-2.0
/*
 * An RX ring whose refill and poll loops touch buffers they have already
 * given to the device.
 */
#include <linux/netdevice.h>
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

#define ACME_RX_RING	32
#define ACME_RX_BUF	2048
#define ACME_DESC_SIZE	16
#define ACME_RX_DONE	BIT(31)

struct acme_rx {
	struct net_device *ndev;
	struct dma_region desc;
	struct dma_lease buf[ACME_RX_RING];
	unsigned int head;
};

static int acme_rx_post(struct acme_rx *rx, unsigned int i, kcell_dma_t bus)
{
	return dma_region_write(&rx->desc, i * ACME_DESC_SIZE,
				kcell_dma_to_le64(bus));
}

static void acme_rx_refill(struct acme_rx *rx)
{
	unsigned int i;
	kcell_dma_t bus;
	u8 *data;

	for (i = 0; i < ACME_RX_RING; i++) {
		bus = dma_lease_grant(&rx->buf[i]);
		acme_rx_post(rx, i, bus);
		/* Clears the buffer after handing it over. */
		data = dma_lease_cpu(&rx->buf[i]);	/* KCELL-EXPECT */
		memset(data, 0, ACME_RX_BUF);
	}
}

static void acme_rx_refill_one(struct acme_rx *rx, unsigned int i)
{
	u8 *data = dma_lease_cpu(&rx->buf[i]);
	kcell_dma_t bus;

	bus = dma_lease_grant(&rx->buf[i]);
	acme_rx_post(rx, i, bus);
	/* Poisons the buffer through the pointer it had before. */
	memset(data, 0xff, ACME_RX_BUF);	/* KCELL-EXPECT */
}

static int acme_rx_poll(struct acme_rx *rx, int budget)
{
	struct dma_lease *l;
	struct sk_buff *skb;
	unsigned int i;
	int done = 0;
	u32 status;
	u8 *data;

	while (done < budget) {
		i = rx->head;
		l = &rx->buf[i];
		if (dma_region_read(&rx->desc, i * ACME_DESC_SIZE + 12, &status))
			break;
		if (!(status & ACME_RX_DONE))
			break;
		data = dma_lease_reclaim(l);
		skb = napi_alloc_skb(NULL, status & 0xffff);
		if (skb)
			skb_put_data(skb, data, status & 0xffff);
		acme_rx_post(rx, i, dma_lease_grant(l));
		/* Looks at the buffer again after re-granting it. */
		if (data[12] == 0x08)	/* KCELL-EXPECT */
			rx->ndev->stats.rx_packets++;
		if (skb)
			netif_receive_skb(skb);
		rx->head = (i + 1) % ACME_RX_RING;
		done++;
	}
	return done;
}
