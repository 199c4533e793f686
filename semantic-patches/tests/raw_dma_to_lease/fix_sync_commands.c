// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_to_lease, patch mode: two synchronous transfers whose mapping
 * lives in one function, as a NIC's firmware load and a statistics dump
 * do them.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

struct demo_cmd {
	__le64 addr;
	__le32 len;
	__le32 op;
};

struct demo_nic {
	struct device *dev;
	void __iomem *regs;
	struct demo_cmd *cmd;
};

int demo_wait_done(struct demo_nic *nic);

static int demo_load_firmware(struct demo_nic *nic, const u8 *fw, size_t len)
{
	dma_addr_t fw_dma;
	void *buf;
	int err;

	buf = kmemdup(fw, len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	fw_dma = dma_map_single(nic->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, fw_dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	writel(fw_dma, nic->regs + 0x10);
	writel(upper_32_bits(fw_dma), nic->regs + 0x14);
	writel(len, nic->regs + 0x18);
	err = demo_wait_done(nic);
	dma_unmap_single(nic->dev, fw_dma, len, DMA_TO_DEVICE);
	kfree(buf);
	return err;
}

static int demo_dump_stats(struct demo_nic *nic, struct page *pg, u64 *out)
{
	dma_addr_t stats_dma;
	int err;

	stats_dma = dma_map_page(nic->dev, pg, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(nic->dev, stats_dma)))
		return -ENOMEM;
	nic->cmd->addr = cpu_to_le64(stats_dma);
	nic->cmd->len = cpu_to_le32(PAGE_SIZE);
	err = demo_wait_done(nic);
	dma_unmap_page(nic->dev, stats_dma, PAGE_SIZE, DMA_FROM_DEVICE);
	if (!err)
		*out = *(u64 *)page_address(pg);
	return err;
}
