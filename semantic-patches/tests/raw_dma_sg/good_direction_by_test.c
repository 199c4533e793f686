// SPDX-License-Identifier: GPL-2.0
/*
 * Directions chosen by a test, as the crypto engines of 6.12 do
 * (sun8i-ce, amlogic-gxl, rk3288, safexcel): a request in place is
 * mapped DMA_BIDIRECTIONAL, otherwise the source DMA_TO_DEVICE and the
 * destination DMA_FROM_DEVICE, and the unmaps repeat the test.  And a
 * verify step that unmaps both lists and maps them again the other way
 * in a helper (iaa_crypto's iaa_remap_for_verify()), after which the
 * caller unmaps them in the new directions.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <crypto/skcipher.h>

struct acme_ce {
	struct device *dev;
	void __iomem *regs;
};

static int acme_cipher_run(struct acme_ce *ce, struct skcipher_request *areq,
			   int ns, int nd)
{
	int nr_sgs, nr_sgd;

	if (areq->src == areq->dst) {
		nr_sgs = dma_map_sg(ce->dev, areq->src, ns, DMA_BIDIRECTIONAL);
		if (nr_sgs <= 0)
			return -EINVAL;
		nr_sgd = nr_sgs;
	} else {
		nr_sgs = dma_map_sg(ce->dev, areq->src, ns, DMA_TO_DEVICE);
		if (nr_sgs <= 0)
			return -EINVAL;
		nr_sgd = dma_map_sg(ce->dev, areq->dst, nd, DMA_FROM_DEVICE);
		if (nr_sgd <= 0) {
			dma_unmap_sg(ce->dev, areq->src, ns, DMA_TO_DEVICE);
			return -EINVAL;
		}
	}
	writel(sg_dma_address(areq->src), ce->regs);
	writel(sg_dma_address(areq->dst), ce->regs + 4);

	if (areq->src == areq->dst) {
		dma_unmap_sg(ce->dev, areq->src, ns, DMA_BIDIRECTIONAL);
	} else {
		dma_unmap_sg(ce->dev, areq->src, ns, DMA_TO_DEVICE);
		dma_unmap_sg(ce->dev, areq->dst, nd, DMA_FROM_DEVICE);
	}
	return 0;
}

static int acme_remap_for_verify(struct acme_ce *ce, struct scatterlist *src,
				 struct scatterlist *dst)
{
	dma_unmap_sg(ce->dev, dst, sg_nents(dst), DMA_FROM_DEVICE);
	dma_unmap_sg(ce->dev, src, sg_nents(src), DMA_TO_DEVICE);
	if (dma_map_sg(ce->dev, src, sg_nents(src), DMA_FROM_DEVICE) <= 0)
		return -EIO;
	if (dma_map_sg(ce->dev, dst, sg_nents(dst), DMA_TO_DEVICE) <= 0) {
		dma_unmap_sg(ce->dev, src, sg_nents(src), DMA_FROM_DEVICE);
		return -EIO;
	}
	return 0;
}

static int acme_compress(struct acme_ce *ce, struct scatterlist *src,
			 struct scatterlist *dst, bool verify)
{
	int nr;

	nr = dma_map_sg(ce->dev, src, sg_nents(src), DMA_TO_DEVICE);
	if (nr <= 0)
		return -EIO;
	nr = dma_map_sg(ce->dev, dst, sg_nents(dst), DMA_FROM_DEVICE);
	if (nr <= 0) {
		dma_unmap_sg(ce->dev, src, sg_nents(src), DMA_TO_DEVICE);
		return -EIO;
	}
	writel(sg_dma_address(src), ce->regs);
	if (verify) {
		if (acme_remap_for_verify(ce, src, dst))
			return -EIO;
		writel(sg_dma_address(dst), ce->regs);
		dma_unmap_sg(ce->dev, dst, sg_nents(dst), DMA_TO_DEVICE);
		dma_unmap_sg(ce->dev, src, sg_nents(src), DMA_FROM_DEVICE);
		return 0;
	}
	dma_unmap_sg(ce->dev, dst, sg_nents(dst), DMA_FROM_DEVICE);
	dma_unmap_sg(ce->dev, src, sg_nents(src), DMA_TO_DEVICE);
	return 0;
}
