// SPDX-License-Identifier: GPL-2.0
/*
 * A DMA engine client that grants the same lease twice: on a retry path
 * and on every turn of a loop that never takes the buffer back.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <kcell/kcell.h>

#define ACME_REG_ADDR	0x00
#define ACME_REG_CTRL	0x08
#define ACME_REG_STATUS	0x0c
#define ACME_CTRL_GO	BIT(0)
#define ACME_ST_BUSY	BIT(0)
#define ACME_ST_NAK	BIT(1)
#define ACME_CHUNKS	4

struct acme_dma {
	void __iomem *regs;
	struct dma_lease cmd;
	struct dma_lease chunk[ACME_CHUNKS];
};

static void acme_go(struct acme_dma *d, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), d->regs + ACME_REG_ADDR);
	writel(ACME_CTRL_GO, d->regs + ACME_REG_CTRL);
}

static int acme_send_cmd(struct acme_dma *d)
{
	kcell_dma_t bus;
	u32 st;
	int ret;

	bus = dma_lease_grant(&d->cmd);
	if (kcell_dma_is_error(bus))
		return -EBUSY;
	acme_go(d, bus);
	ret = readl_poll_timeout(d->regs + ACME_REG_STATUS, st,
				 !(st & ACME_ST_BUSY), 10, 1000);
	if (!ret && (st & ACME_ST_NAK)) {
		/* Retries without reclaiming: gets KCELL_DMA_ERROR. */
		bus = dma_lease_grant(&d->cmd);	/* KCELL-EXPECT */
		acme_go(d, bus);
	}
	dma_lease_reclaim(&d->cmd);
	return ret;
}

static void acme_stream(struct acme_dma *d, int rounds)
{
	int i;

	while (rounds--) {
		/* Nothing reclaims the lease between two turns. */
		acme_go(d, dma_lease_grant(&d->cmd));	/* KCELL-EXPECT */
		for (i = 0; i < ACME_CHUNKS; i++)
			acme_go(d, dma_lease_grant(&d->chunk[i]));
		while (readl(d->regs + ACME_REG_STATUS) & ACME_ST_BUSY)
			cpu_relax();
	}
}
