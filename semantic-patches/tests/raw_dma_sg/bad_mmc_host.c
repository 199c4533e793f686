// SPDX-License-Identifier: GPL-2.0
/*
 * An MMC host controller's DMA path with the scatterlist mistakes of
 * real drivers: a map whose result is thrown away before the list goes
 * to a dmaengine channel, the mapped count kept in the host and given
 * to the unmap in the completion, a descriptor table written by walking
 * the nents passed to the map, a count never tested, and a list synced
 * in the other direction.
 */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/mmc/host.h>
#include <linux/scatterlist.h>

struct acme_desc {
	__le32 ctrl;
	__le32 len;
	__le64 addr;
};

struct acme_host {
	struct device *dev;
	struct dma_chan *chan;
	struct acme_desc *desc;
	struct mmc_data *data;
	int sg_count;
	void __iomem *base;
};

static enum dma_data_direction acme_dir(struct mmc_data *data)
{
	return data->flags & MMC_DATA_WRITE ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
}

/* The map's result is not looked at: a failed map goes to the channel. */
static int acme_start_engine(struct acme_host *host, struct mmc_data *data)
{
	struct dma_async_tx_descriptor *tx;

	dma_map_sg(host->dev, data->sg, data->sg_len, acme_dir(data));	/* KCELL-EXPECT */
	tx = dmaengine_prep_slave_sg(host->chan, data->sg, data->sg_len,
				     DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!tx)
		return -EIO;
	dmaengine_submit(tx);
	dma_async_issue_pending(host->chan);
	return 0;
}

/*
 * The count is kept in the host and the completion unmaps with it; the
 * descriptors are written for every entry passed to the map.
 */
static int acme_prepare_adma(struct acme_host *host, struct mmc_data *data)
{
	struct scatterlist *sg;
	int i;

	host->sg_count = dma_map_sg(host->dev, data->sg, data->sg_len,
				    acme_dir(data));
	if (!host->sg_count)
		return -ENOMEM;
	for_each_sg(data->sg, sg, data->sg_len, i) {	/* KCELL-EXPECT */
		host->desc[i].addr = cpu_to_le64(sg_dma_address(sg));
		host->desc[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	host->data = data;
	return 0;
}

static void acme_finish_adma(struct acme_host *host)
{
	struct mmc_data *data = host->data;

	dma_unmap_sg(host->dev, data->sg, host->sg_count,	/* KCELL-EXPECT */
		     acme_dir(data));
	host->data = NULL;
}

/* The count is used as the channel's length without a test. */
static int acme_pio_fallback(struct acme_host *host, struct mmc_data *data)
{
	struct dma_async_tx_descriptor *tx;
	int len;

	len = dma_map_sg(host->dev, data->sg, data->sg_len, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	tx = dmaengine_prep_slave_sg(host->chan, data->sg, len,
				     DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	if (!tx) {
		dma_unmap_sg(host->dev, data->sg, data->sg_len, DMA_FROM_DEVICE);
		return -EIO;
	}
	dmaengine_submit(tx);
	return 0;
}

/* A read, synced back to the CPU as if the CPU had written it. */
static int acme_read_block(struct acme_host *host, struct scatterlist *sgl,
			   int nents)
{
	int count;

	count = dma_map_sg(host->dev, sgl, nents, DMA_FROM_DEVICE);
	if (count == 0)
		return -ENOMEM;
	writel(sg_dma_address(sgl), host->base);
	dma_sync_sg_for_cpu(host->dev, sgl, nents, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	dma_unmap_sg(host->dev, sgl, nents, DMA_FROM_DEVICE);
	return 0;
}
