// SPDX-License-Identifier: GPL-2.0
/*
 * sg_table mappings done right: dma_map_sgtable() tested, the table
 * walked with for_each_sgtable_dma_sg() or by its nents, the count of a
 * dma_map_sg() of the table kept in ->nents (the unmap passes
 * ->orig_nents), the same direction for map, sync and unmap.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct acme_hw_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct acme_cryp {
	struct device *dev;
	struct acme_hw_desc *hw;
	void __iomem *regs;
	struct sg_table *sgt;
};

static int acme_skcipher_table(struct acme_cryp *cryp, struct sg_table *sgt)
{
	struct scatterlist *sg;
	int ret, i;

	ret = dma_map_sgtable(cryp->dev, sgt, DMA_TO_DEVICE, 0);
	if (ret)
		return ret;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		cryp->hw[i].addr = cpu_to_le64(sg_dma_address(sg));
		cryp->hw[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	writel(3, cryp->regs);
	dma_sync_sgtable_for_cpu(cryp->dev, sgt, DMA_TO_DEVICE);
	dma_unmap_sgtable(cryp->dev, sgt, DMA_TO_DEVICE, 0);
	return 0;
}

static int acme_table_by_hand(struct acme_cryp *cryp, struct sg_table *sgt)
{
	struct scatterlist *sg;
	int i;

	sgt->nents = dma_map_sg(cryp->dev, sgt->sgl, sgt->orig_nents,
				DMA_FROM_DEVICE);
	if (!sgt->nents)
		return -ENOMEM;
	for_each_sg(sgt->sgl, sg, sgt->nents, i)
		cryp->hw[i].addr = cpu_to_le64(sg_dma_address(sg));
	cryp->sgt = sgt;
	return 0;
}

static void acme_table_done(struct acme_cryp *cryp)
{
	struct sg_table *sgt = cryp->sgt;

	dma_unmap_sg(cryp->dev, sgt->sgl, sgt->orig_nents, DMA_FROM_DEVICE);
}

/* The table's CPU pages walked by orig_nents: no DMA address read. */
static void acme_table_zero(struct sg_table *sgt)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgt->sgl, sg, sgt->orig_nents, i) {
		memset(sg_virt(sg), 0, sg->length);
	}
}

/* The direction in a variable: not compared. */
static int acme_any_dir(struct acme_cryp *cryp, struct sg_table *sgt,
			enum dma_data_direction dir)
{
	int err;

	err = dma_map_sgtable(cryp->dev, sgt, dir, 0);
	if (err < 0)
		return err;
	writel(4, cryp->regs);
	dma_unmap_sgtable(cryp->dev, sgt, dir, 0);
	return 0;
}
