// SPDX-License-Identifier: GPL-2.0
/*
 * A driver whose error and teardown paths unmap a lease that the device
 * still owns: the unmap fails with -EBUSY and the buffer is freed under
 * the device.
 */
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_BUF_LEN	4096
#define ACME_REG_ADDR	0x40
#define ACME_REG_EN	0x44

struct acme_priv {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease rx;
	void *rx_buf;
};

static int acme_hw_enable(struct acme_priv *priv, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), priv->regs + ACME_REG_ADDR);
	writel(1, priv->regs + ACME_REG_EN);
	return readl(priv->regs + ACME_REG_EN) ? 0 : -EIO;
}

static int acme_open(struct acme_priv *priv)
{
	kcell_dma_t bus;
	int ret;

	priv->rx_buf = kmalloc(ACME_BUF_LEN, GFP_KERNEL);
	if (!priv->rx_buf)
		return -ENOMEM;
	ret = dma_lease_map(&priv->rx, priv->dev, priv->rx_buf, ACME_BUF_LEN,
			    DMA_FROM_DEVICE);
	if (ret)
		goto err_free;
	bus = dma_lease_grant(&priv->rx);
	if (kcell_dma_is_error(bus)) {
		ret = -EIO;
		goto err_unmap;
	}
	ret = acme_hw_enable(priv, bus);
	if (ret)
		goto err_unmap;
	return 0;

err_unmap:
	/* Reached with the lease granted when acme_hw_enable() fails. */
	dma_lease_unmap(&priv->rx);	/* KCELL-EXPECT */
err_free:
	kfree(priv->rx_buf);
	return ret;
}

static void acme_restart(struct acme_priv *priv)
{
	struct dma_lease *l = &priv->rx;

	writel(0, priv->regs + ACME_REG_EN);
	acme_hw_enable(priv, dma_lease_grant(l));
	if (readl(priv->regs + ACME_REG_EN))
		return;
	/* The device did not start: forgets to take the buffer back. */
	dma_lease_unmap(l);	/* KCELL-EXPECT */
	kfree(priv->rx_buf);
}
