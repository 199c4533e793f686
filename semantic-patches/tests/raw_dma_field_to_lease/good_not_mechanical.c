// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_field_to_lease: fields kept in a structure that are not
 * offered, because their conversion is not mechanical.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>

struct demo_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct demo_nic {
	struct device *dev;
	void __iomem *regs;
	struct demo_desc *desc;
	void *fw, *stats, *cmd, *reply, *log;
	dma_addr_t fw_dma;	/* mapped at two places */
	dma_addr_t stats_dma;	/* tested for zero */
	dma_addr_t cmd_dma;	/* synced */
	dma_addr_t reply_dma;	/* unmapped with another size */
	dma_addr_t log_dma;	/* copied into a descriptor as it is */
};

/* Mapped at open and again at resume: each place is a mapping's life. */
static int demo_open(struct demo_nic *nic)
{
	nic->fw_dma = dma_map_single(nic->dev, nic->fw, 4096, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, nic->fw_dma))
		return -ENOMEM;
	writel(lower_32_bits(nic->fw_dma), nic->regs);
	return 0;
}

static int demo_resume(struct demo_nic *nic)
{
	nic->fw_dma = dma_map_single(nic->dev, nic->fw, 4096, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, nic->fw_dma))
		return -ENOMEM;
	return 0;
}

static void demo_close(struct demo_nic *nic)
{
	dma_unmap_single(nic->dev, nic->fw_dma, 4096, DMA_TO_DEVICE);
}

/* Zero stands for "not mapped": a lease has its own state for that. */
static int demo_stats_on(struct demo_nic *nic)
{
	nic->stats_dma = dma_map_single(nic->dev, nic->stats, 64,
					DMA_FROM_DEVICE);
	if (dma_mapping_error(nic->dev, nic->stats_dma))
		return -ENOMEM;
	return 0;
}

static void demo_stats_off(struct demo_nic *nic)
{
	if (nic->stats_dma)
		dma_unmap_single(nic->dev, nic->stats_dma, 64, DMA_FROM_DEVICE);
}

/* A sync is a hand-over whose place is the driver's choice. */
static int demo_cmd_map(struct demo_nic *nic)
{
	nic->cmd_dma = dma_map_single(nic->dev, nic->cmd, 64,
				      DMA_BIDIRECTIONAL);
	if (dma_mapping_error(nic->dev, nic->cmd_dma))
		return -ENOMEM;
	return 0;
}

static void demo_cmd_read(struct demo_nic *nic)
{
	dma_sync_single_for_cpu(nic->dev, nic->cmd_dma, 64, DMA_BIDIRECTIONAL);
}

static void demo_cmd_unmap(struct demo_nic *nic)
{
	dma_unmap_single(nic->dev, nic->cmd_dma, 64, DMA_BIDIRECTIONAL);
}

/* Another size at the unmap: raw_dma_unmap_mismatch's business. */
static int demo_reply_map(struct demo_nic *nic)
{
	nic->reply_dma = dma_map_single(nic->dev, nic->reply, 128,
					DMA_FROM_DEVICE);
	if (dma_mapping_error(nic->dev, nic->reply_dma))
		return -ENOMEM;
	return 0;
}

static void demo_reply_unmap(struct demo_nic *nic)
{
	dma_unmap_single(nic->dev, nic->reply_dma, 256, DMA_FROM_DEVICE);
}

/* Copied as a raw address: where it goes next is unknown. */
static int demo_log_map(struct demo_nic *nic)
{
	dma_addr_t addr;

	nic->log_dma = dma_map_single(nic->dev, nic->log, 512,
				      DMA_FROM_DEVICE);
	if (dma_mapping_error(nic->dev, nic->log_dma))
		return -ENOMEM;
	addr = nic->log_dma;
	nic->desc->addr = cpu_to_le64(addr);
	return 0;
}

static void demo_log_unmap(struct demo_nic *nic)
{
	dma_unmap_single(nic->dev, nic->log_dma, 512, DMA_FROM_DEVICE);
}

/* A structure this file does not define: its header would change. */
struct demo_other;

static int demo_other_map(struct demo_other *o, void *buf)
{
	o->dma = dma_map_single(o->dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(o->dev, o->dma))
		return -ENOMEM;
	writel(lower_32_bits(o->dma), o->regs);
	return 0;
}

static void demo_other_unmap(struct demo_other *o)
{
	dma_unmap_single(o->dev, o->dma, 64, DMA_TO_DEVICE);
}
