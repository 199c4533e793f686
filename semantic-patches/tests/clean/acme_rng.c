// SPDX-License-Identifier: GPL-2.0
/*
 * A hardware RNG in the style of virtio-rng, written against kcell: one
 * request buffer under a DMA lease, handed to the device and taken back
 * by the interrupt handler, a MapCell of statistics and an OptionalCell
 * for the entropy threshold.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/hw_random.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_RNG_BUF		64
#define ACME_RNG_ADDR_LO	0x00
#define ACME_RNG_ADDR_HI	0x04
#define ACME_RNG_LEN		0x08
#define ACME_RNG_CTRL		0x0c
#define ACME_RNG_STATUS		0x10
#define ACME_RNG_GO		BIT(0)
#define ACME_RNG_DONE		BIT(0)

struct acme_rng_stats {
	u64 reads;
	u64 bytes;
	u32 timeouts;
};

struct acme_rng {
	struct hwrng hwrng;
	struct device *dev;
	void __iomem *regs;
	int irq;
	u8 *buf;
	struct dma_lease lease;
	struct completion done;
	unsigned int avail;
	DECLARE_MAP_CELL(stats, struct acme_rng_stats);
	DECLARE_OPTIONAL_CELL(min_bytes, u32);
};

static void acme_rng_start(struct acme_rng *rng, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), rng->regs + ACME_RNG_ADDR_LO);
	writel(kcell_dma_upper_32_bits(bus), rng->regs + ACME_RNG_ADDR_HI);
	writel(ACME_RNG_BUF, rng->regs + ACME_RNG_LEN);
	writel(ACME_RNG_GO, rng->regs + ACME_RNG_CTRL);
}

static irqreturn_t acme_rng_irq(int irq, void *data)
{
	struct acme_rng *rng = data;
	u32 status = readl(rng->regs + ACME_RNG_STATUS);

	if (!(status & ACME_RNG_DONE))
		return IRQ_NONE;
	writel(status, rng->regs + ACME_RNG_STATUS);
	if (!dma_lease_is_granted(&rng->lease))
		return IRQ_HANDLED;
	dma_lease_reclaim(&rng->lease);
	rng->avail = ACME_RNG_BUF;
	complete(&rng->done);
	return IRQ_HANDLED;
}

static int acme_rng_request(struct acme_rng *rng)
{
	kcell_dma_t bus;

	reinit_completion(&rng->done);
	bus = dma_lease_grant(&rng->lease);
	if (kcell_dma_is_error(bus))
		return -EBUSY;
	acme_rng_start(rng, bus);
	return 0;
}

static int acme_rng_read(struct hwrng *hwrng, void *data, size_t max,
			 bool wait)
{
	struct acme_rng *rng = container_of(hwrng, struct acme_rng, hwrng);
	unsigned int len;
	u32 min = 0;
	u8 *buf;
	int ret;

	if (!rng->avail) {
		ret = acme_rng_request(rng);
		if (ret)
			return ret;
		if (!wait)
			return 0;
		if (!wait_for_completion_timeout(&rng->done, HZ)) {
			writel(0, rng->regs + ACME_RNG_CTRL);
			synchronize_irq(rng->irq);
			if (dma_lease_is_granted(&rng->lease))
				dma_lease_reclaim(&rng->lease);
			map_cell_map(&rng->stats, st)
				st->timeouts++;
			return -ETIMEDOUT;
		}
	}

	buf = dma_lease_cpu(&rng->lease);
	if (!buf)
		return -EIO;
	optional_cell_get(&rng->min_bytes, &min);
	len = min_t(unsigned int, max, rng->avail);
	if (len < min)
		return 0;
	memcpy(data, buf + ACME_RNG_BUF - rng->avail, len);
	memzero_explicit(buf + ACME_RNG_BUF - rng->avail, len);
	rng->avail -= len;

	map_cell_map(&rng->stats, st) {
		st->reads++;
		st->bytes += len;
	}
	return len;
}

static int acme_rng_probe(struct platform_device *pdev)
{
	struct acme_rng_stats zero = {};
	struct acme_rng *rng;
	int ret;

	rng = devm_kzalloc(&pdev->dev, sizeof(*rng), GFP_KERNEL);
	if (!rng)
		return -ENOMEM;
	rng->dev = &pdev->dev;
	rng->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(rng->regs))
		return PTR_ERR(rng->regs);
	rng->irq = platform_get_irq(pdev, 0);
	if (rng->irq < 0)
		return rng->irq;

	init_completion(&rng->done);
	map_cell_init_val(&rng->stats, zero);
	optional_cell_init(&rng->min_bytes);
	optional_cell_set(&rng->min_bytes, 4);

	rng->buf = kzalloc(ACME_RNG_BUF, GFP_KERNEL);
	if (!rng->buf)
		return -ENOMEM;
	ret = dma_lease_map(&rng->lease, rng->dev, rng->buf, ACME_RNG_BUF,
			    DMA_FROM_DEVICE);
	if (ret)
		goto err_free;

	ret = devm_request_irq(&pdev->dev, rng->irq, acme_rng_irq, 0,
			       dev_name(&pdev->dev), rng);
	if (ret)
		goto err_unmap;

	rng->hwrng.name = dev_name(&pdev->dev);
	rng->hwrng.read = acme_rng_read;
	ret = devm_hwrng_register(&pdev->dev, &rng->hwrng);
	if (ret)
		goto err_unmap;
	platform_set_drvdata(pdev, rng);
	return 0;

err_unmap:
	dma_lease_unmap(&rng->lease);
err_free:
	kfree(rng->buf);
	return ret;
}

static void acme_rng_remove(struct platform_device *pdev)
{
	struct acme_rng *rng = platform_get_drvdata(pdev);

	writel(0, rng->regs + ACME_RNG_CTRL);
	synchronize_irq(rng->irq);
	if (dma_lease_is_granted(&rng->lease))
		dma_lease_reclaim(&rng->lease);
	dma_lease_unmap(&rng->lease);
	kfree(rng->buf);
}

static struct platform_driver acme_rng_driver = {
	.probe = acme_rng_probe,
	.remove = acme_rng_remove,
	.driver = {
		.name = "acme-rng",
	},
};
module_platform_driver(acme_rng_driver);

MODULE_DESCRIPTION("ACME hardware RNG (kcell sample)");
MODULE_LICENSE("GPL");
