// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_field_to_lease: fields offered, each mapped at one place and
 * otherwise only given to the device.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>

struct demo_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct demo_adapter {
	struct device *dev;
	void __iomem *regs;
	struct demo_desc *cmd;
	struct page *status_page;
	dma_addr_t status_dma;
	u8 *reply;
	dma_addr_t reply_dma;
};

static int demo_up(struct demo_adapter *ad)
{
	ad->status_dma = dma_map_page(ad->dev, ad->status_page, 0,	/* KCELL-EXPECT */
				      PAGE_SIZE, DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(ad->dev, ad->status_dma)))
		return -ENOMEM;
	ad->reply_dma = dma_map_single(ad->dev, ad->reply, 256,	/* KCELL-EXPECT */
				       DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ad->dev, ad->reply_dma)) {
		dma_unmap_page(ad->dev, ad->status_dma, PAGE_SIZE,
			       DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	return 0;
}

static void demo_post_status(struct demo_adapter *ad)
{
	ad->cmd->addr = cpu_to_le64(ad->status_dma);
	ad->cmd->len = cpu_to_le32(PAGE_SIZE);
	writel(ad->reply_dma, ad->regs + 0x20);
}

static void demo_down(struct demo_adapter *adapter)
{
	dma_unmap_single(adapter->dev, adapter->reply_dma, 256,
			 DMA_BIDIRECTIONAL);
	dma_unmap_page(adapter->dev, adapter->status_dma, PAGE_SIZE,
		       DMA_FROM_DEVICE);
}
