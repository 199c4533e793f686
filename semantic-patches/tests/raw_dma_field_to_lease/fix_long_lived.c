// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_field_to_lease, patch mode: a statistics block mapped when the
 * interface opens and unmapped when it closes, its address kept in the
 * driver's structure and written to the device from a third function.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

struct demo_hw_stats {
	__le64 rx_frames;
	__le64 tx_frames;
};

struct demo_priv {
	struct device *dev;
	void __iomem *regs;
	struct demo_hw_stats *stats;
	dma_addr_t stats_dma;
	u32 msg_level;
};

static void demo_start_stats(struct demo_priv *priv)
{
	writel(lower_32_bits(priv->stats_dma), priv->regs + 0x40);
	writel(upper_32_bits(priv->stats_dma), priv->regs + 0x44);
}

static int demo_open(struct demo_priv *priv)
{
	priv->stats = kzalloc(sizeof(*priv->stats), GFP_KERNEL);
	if (!priv->stats)
		return -ENOMEM;
	priv->stats_dma = dma_map_single(priv->dev, priv->stats,
					 sizeof(*priv->stats), DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, priv->stats_dma)) {
		kfree(priv->stats);
		return -ENOMEM;
	}
	demo_start_stats(priv);
	return 0;
}

static void demo_close(struct demo_priv *priv)
{
	writel(0, priv->regs + 0x40);
	dma_unmap_single(priv->dev, priv->stats_dma, sizeof(*priv->stats),
			 DMA_FROM_DEVICE);
	kfree(priv->stats);
}
