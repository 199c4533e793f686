// SPDX-License-Identifier: GPL-2.0
/*
 * A sensor driver that keeps using the buffer pointer it had before
 * granting the buffer to the device.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_FRAME_LEN	256
#define ACME_REG_ADDR	0x20
#define ACME_REG_CTRL	0x24
#define ACME_CTRL_START	BIT(0)
#define ACME_MAGIC	0xa5

struct acme_frame {
	__le16 seq;
	__le16 len;
	u8 data[];
};

struct acme_sensor {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease frame;
	void *frame_buf;
	struct completion done;
	u16 seq;
};

static void acme_go(struct acme_sensor *s, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), s->regs + ACME_REG_ADDR);
	writel(ACME_CTRL_START, s->regs + ACME_REG_CTRL);
}

static int acme_capture_start(struct acme_sensor *s)
{
	struct acme_frame *f;
	kcell_dma_t bus;

	f = dma_lease_cpu(&s->frame);
	if (!f)
		return -EBUSY;
	f->seq = cpu_to_le16(++s->seq);
	bus = dma_lease_grant(&s->frame);
	acme_go(s, bus);
	/* Written after the sync for the device: lost, or worse. */
	f->len = cpu_to_le16(ACME_FRAME_LEN);	/* KCELL-EXPECT */
	return 0;
}

static int acme_capture_setup(struct acme_sensor *s)
{
	kcell_dma_t bus;
	int ret;

	s->frame_buf = kzalloc(ACME_FRAME_LEN, GFP_KERNEL);
	if (!s->frame_buf)
		return -ENOMEM;
	ret = dma_lease_map(&s->frame, s->dev, s->frame_buf, ACME_FRAME_LEN,
			    DMA_FROM_DEVICE);
	if (ret)
		goto err_free;
	bus = dma_lease_grant(&s->frame);
	if (kcell_dma_is_error(bus)) {
		ret = -EIO;
		goto err_unmap;
	}
	/* Pre-fills the granted buffer through the old pointer. */
	memset(s->frame_buf, ACME_MAGIC, ACME_FRAME_LEN);	/* KCELL-EXPECT */
	acme_go(s, bus);
	return 0;

err_unmap:
	dma_lease_unmap(&s->frame);
err_free:
	kfree(s->frame_buf);
	return ret;
}

static bool acme_frame_ready(struct acme_sensor *s)
{
	u8 *buf = dma_lease_cpu(&s->frame);
	kcell_dma_t bus;
	unsigned int spins = 0;

	if (!buf)
		return false;
	buf[0] = 0;
	bus = dma_lease_grant(&s->frame);
	acme_go(s, bus);
	while (spins++ < 1000) {
		/* Polls the device's progress through the stale pointer. */
		if (buf[0] == ACME_MAGIC)	/* KCELL-EXPECT */
			break;
		udelay(10);
	}
	wait_for_completion(&s->done);
	buf = dma_lease_reclaim(&s->frame);
	return buf[0] == ACME_MAGIC;
}
