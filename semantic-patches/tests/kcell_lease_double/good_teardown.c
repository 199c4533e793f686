// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown and recovery paths that stop the device, reclaim what it still
 * owns, and only then unmap: one reclaim per grant, per slot.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <kcell/kcell.h>

#define ACME_SLOTS	8
#define ACME_REG_CTRL	0x00

struct acme_slot {
	struct dma_lease lease;
	void *buf;
	bool busy;
};

struct acme_dev {
	struct device *dev;
	void __iomem *regs;
	struct acme_slot slot[ACME_SLOTS];
	struct work_struct reset_work;
};

static void acme_stop_hw(struct acme_dev *d)
{
	writel(0, d->regs + ACME_REG_CTRL);
	readl(d->regs + ACME_REG_CTRL);
}

static void acme_reset_work(struct work_struct *work)
{
	struct acme_dev *d = container_of(work, struct acme_dev, reset_work);
	struct acme_slot *s;
	unsigned int i;

	acme_stop_hw(d);
	for (i = 0; i < ACME_SLOTS; i++) {
		s = &d->slot[i];
		if (!s->busy)
			continue;
		dma_lease_reclaim(&s->lease);
		s->busy = false;
	}
	for (i = 0; i < ACME_SLOTS; i++) {
		s = &d->slot[i];
		dma_lease_grant(&s->lease);
		s->busy = true;
	}
}

static void acme_remove(struct acme_dev *d)
{
	unsigned int i;

	cancel_work_sync(&d->reset_work);
	acme_stop_hw(d);
	for (i = 0; i < ACME_SLOTS; i++) {
		struct acme_slot *s = &d->slot[i];

		if (s->busy)
			dma_lease_reclaim(&s->lease);
		dma_lease_unmap(&s->lease);
		kfree(s->buf);
	}
}

static int acme_remap(struct acme_dev *d, unsigned int i, size_t len)
{
	struct acme_slot *s = &d->slot[i];
	kcell_dma_t bus;
	int ret;

	bus = dma_lease_grant(&s->lease);
	if (kcell_dma_is_error(bus))
		return -EBUSY;
	acme_stop_hw(d);
	dma_lease_reclaim(&s->lease);
	ret = dma_lease_unmap(&s->lease);
	if (ret)
		return ret;
	ret = dma_lease_map(&s->lease, d->dev, s->buf, len, DMA_FROM_DEVICE);
	if (ret)
		return ret;
	bus = dma_lease_grant(&s->lease);
	return kcell_dma_is_error(bus) ? -EIO : 0;
}
