// SPDX-License-Identifier: GPL-2.0
/*
 * A crypto engine's request path with the scatterlist mistakes of real
 * drivers: the count tested with dma_mapping_error(), nents overwritten
 * with the count and unmapped with it, the count given to the unmap in
 * the same function, dma_map_sgtable()'s error ignored, a table walked
 * by orig_nents for DMA addresses, and a table unmapped in the other
 * direction.
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
};

static void acme_load(struct acme_cryp *cryp, struct scatterlist *sgl,
		      int count)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, count, i) {
		cryp->hw[i].addr = cpu_to_le64(sg_dma_address(sg));
		cryp->hw[i].len = cpu_to_le32(sg_dma_len(sg));
	}
}

static int acme_hash_update(struct acme_cryp *cryp, struct scatterlist *src,
			    int nents)
{
	int mapped;

	mapped = dma_map_sg(cryp->dev, src, nents, DMA_TO_DEVICE);
	if (dma_mapping_error(cryp->dev, mapped))	/* KCELL-EXPECT */
		return -ENOMEM;
	acme_load(cryp, src, mapped);
	writel(1, cryp->regs);
	dma_unmap_sg(cryp->dev, src, nents, DMA_TO_DEVICE);
	return 0;
}

static int acme_cipher(struct acme_cryp *cryp, struct scatterlist *src,
		       int src_nents)
{
	src_nents = dma_map_sg(cryp->dev, src, src_nents, DMA_BIDIRECTIONAL);
	if (!src_nents)
		return -EINVAL;
	acme_load(cryp, src, src_nents);
	writel(1, cryp->regs);
	dma_unmap_sg(cryp->dev, src, src_nents, DMA_BIDIRECTIONAL);	/* KCELL-EXPECT */
	return 0;
}

static int acme_aead(struct acme_cryp *cryp, struct scatterlist *dst,
		     int dst_nents)
{
	int n;

	n = dma_map_sg(cryp->dev, dst, dst_nents, DMA_FROM_DEVICE);
	if (n <= 0)
		return -ENOMEM;
	acme_load(cryp, dst, n);
	writel(2, cryp->regs);
	dma_unmap_sg(cryp->dev, dst, n, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	return 0;
}

static int acme_skcipher_table(struct acme_cryp *cryp, struct sg_table *sgt)
{
	struct scatterlist *sg;
	int ret, i;

	ret = dma_map_sgtable(cryp->dev, sgt, DMA_TO_DEVICE, 0);	/* KCELL-EXPECT */
	for_each_sg(sgt->sgl, sg, sgt->orig_nents, i) {	/* KCELL-EXPECT */
		cryp->hw[i].addr = cpu_to_le64(sg_dma_address(sg));
		cryp->hw[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	writel(3, cryp->regs);
	dma_unmap_sgtable(cryp->dev, sgt, DMA_FROM_DEVICE, 0);	/* KCELL-EXPECT */
	return 0;
}
