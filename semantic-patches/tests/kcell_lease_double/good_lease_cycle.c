// SPDX-License-Identifier: GPL-2.0
/*
 * The counterparts of the bad samples: every grant is matched by one
 * reclaim before the next grant or the unmap, in loops, on retry and error
 * paths; and a design where the interrupt handler reclaims and the process
 * side waits for it.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_BUF_LEN	4096
#define ACME_REG_ADDR	0x00
#define ACME_REG_CTRL	0x08
#define ACME_REG_STATUS	0x0c
#define ACME_CTRL_GO	BIT(0)
#define ACME_ST_BUSY	BIT(0)
#define ACME_ST_NAK	BIT(1)
#define ACME_CHUNKS	4

struct acme_dev {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease cmd;
	struct dma_lease chunk[ACME_CHUNKS];
	struct dma_lease rx;
	void *rx_buf;
	struct completion rx_done;
	unsigned int rx_len;
};

static void acme_go(struct acme_dev *d, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), d->regs + ACME_REG_ADDR);
	writel(ACME_CTRL_GO, d->regs + ACME_REG_CTRL);
}

static int acme_send_cmd(struct acme_dev *d)
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
	dma_lease_reclaim(&d->cmd);
	if (!ret && (st & ACME_ST_NAK)) {
		bus = dma_lease_grant(&d->cmd);
		acme_go(d, bus);
		ret = readl_poll_timeout(d->regs + ACME_REG_STATUS, st,
					 !(st & ACME_ST_BUSY), 10, 1000);
		dma_lease_reclaim(&d->cmd);
	}
	return ret;
}

static void acme_stream(struct acme_dev *d, int rounds)
{
	int i;

	while (rounds--) {
		acme_go(d, dma_lease_grant(&d->cmd));
		for (i = 0; i < ACME_CHUNKS; i++)
			acme_go(d, dma_lease_grant(&d->chunk[i]));
		while (readl(d->regs + ACME_REG_STATUS) & ACME_ST_BUSY)
			cpu_relax();
		for (i = 0; i < ACME_CHUNKS; i++)
			dma_lease_reclaim(&d->chunk[i]);
		dma_lease_reclaim(&d->cmd);
	}
}

/* The interrupt handler takes the buffer back... */
static irqreturn_t acme_irq(int irq, void *data)
{
	struct acme_dev *d = data;
	u8 *buf;

	if (!(readl(d->regs + ACME_REG_STATUS) & ACME_CTRL_GO))
		return IRQ_NONE;
	buf = dma_lease_reclaim(&d->rx);
	d->rx_len = buf[0];
	complete(&d->rx_done);
	return IRQ_HANDLED;
}

/* ...and the process side waits for it before granting again. */
static int acme_read_loop(struct acme_dev *d, int rounds)
{
	while (rounds--) {
		reinit_completion(&d->rx_done);
		acme_go(d, dma_lease_grant(&d->rx));
		wait_for_completion(&d->rx_done);
	}
	return 0;
}

static int acme_open(struct acme_dev *d)
{
	kcell_dma_t bus;
	int ret;

	d->rx_buf = kmalloc(ACME_BUF_LEN, GFP_KERNEL);
	if (!d->rx_buf)
		return -ENOMEM;
	ret = dma_lease_map(&d->rx, d->dev, d->rx_buf, ACME_BUF_LEN,
			    DMA_FROM_DEVICE);
	if (ret)
		goto err_free;
	bus = dma_lease_grant(&d->rx);
	if (kcell_dma_is_error(bus)) {
		ret = -EIO;
		goto err_unmap;
	}
	acme_go(d, bus);
	if (!readl(d->regs + ACME_REG_CTRL)) {
		ret = -EIO;
		goto err_reclaim;
	}
	return 0;

err_reclaim:
	dma_lease_reclaim(&d->rx);
err_unmap:
	dma_lease_unmap(&d->rx);
err_free:
	kfree(d->rx_buf);
	return ret;
}

static void acme_close(struct acme_dev *d)
{
	unsigned int i;

	writel(0, d->regs + ACME_REG_CTRL);
	synchronize_irq(0);
	if (dma_lease_is_granted(&d->rx))
		dma_lease_reclaim(&d->rx);
	dma_lease_unmap(&d->rx);
	for (i = 0; i < ACME_CHUNKS; i++) {
		struct dma_lease *l = &d->chunk[i];

		if (dma_lease_is_granted(l))
			dma_lease_reclaim(l);
		dma_lease_unmap(l);
	}
	kfree(d->rx_buf);
}
