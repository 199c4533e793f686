// SPDX-License-Identifier: GPL-2.0
/*
 * Scatterlist mappings done right, in the shapes of real drivers: the
 * count tested for 0 (or <= 0) before the list reaches the device, the
 * descriptors written by walking the count the map returned, the unmap
 * and the syncs given the nents passed to the map, a table mapped with
 * dma_map_sgtable() and its error tested, a count returned to the caller
 * (which tests it), a map of one entry.
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
	struct scatterlist sg_io;
};

static enum dma_data_direction acme_dir(struct mmc_data *data)
{
	return data->flags & MMC_DATA_WRITE ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
}

static int acme_start_engine(struct acme_host *host, struct mmc_data *data)
{
	struct dma_async_tx_descriptor *tx;
	int sg_len;

	sg_len = dma_map_sg(host->dev, data->sg, data->sg_len, acme_dir(data));
	if (!sg_len)
		return -ENOMEM;
	tx = dmaengine_prep_slave_sg(host->chan, data->sg, sg_len,
				     DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	if (!tx) {
		dma_unmap_sg(host->dev, data->sg, data->sg_len, acme_dir(data));
		return -EIO;
	}
	dmaengine_submit(tx);
	dma_async_issue_pending(host->chan);
	return 0;
}

/* The count in the host, tested, walked; the unmap by sg_len. */
static int acme_prepare_adma(struct acme_host *host, struct mmc_data *data)
{
	struct scatterlist *sg;
	int i;

	host->sg_count = dma_map_sg(host->dev, data->sg, data->sg_len,
				    acme_dir(data));
	if (host->sg_count == 0)
		return -ENOMEM;
	for_each_sg(data->sg, sg, host->sg_count, i) {
		host->desc[i].addr = cpu_to_le64(sg_dma_address(sg));
		host->desc[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	host->data = data;
	return 0;
}

static void acme_finish_adma(struct acme_host *host)
{
	struct mmc_data *data = host->data;

	dma_sync_sg_for_cpu(host->dev, data->sg, data->sg_len, acme_dir(data));
	dma_unmap_sg(host->dev, data->sg, data->sg_len, acme_dir(data));
	host->data = NULL;
}

/* A count returned: the caller tests it. */
static int acme_map_data(struct acme_host *host, struct mmc_data *data)
{
	int n;

	n = dma_map_sg(host->dev, data->sg, data->sg_len, acme_dir(data));
	return n;
}

static int acme_submit(struct acme_host *host, struct mmc_data *data)
{
	if (acme_map_data(host, data) <= 0)
		return -EINVAL;
	writel(1, host->base);
	return 0;
}

/* A map tested in the condition itself. */
static int acme_map_inline(struct acme_host *host, struct scatterlist *sgl,
			   int nents)
{
	if (!dma_map_sg(host->dev, sgl, nents, DMA_TO_DEVICE))
		return -ENOMEM;
	writel(sg_dma_address(sgl), host->base);
	dma_unmap_sg(host->dev, sgl, nents, DMA_TO_DEVICE);
	return 0;
}

/* One entry: a successful map returns 1, the entry has its address. */
static int acme_one(struct acme_host *host, void *buf, size_t len)
{
	int ret;

	sg_init_one(&host->sg_io, buf, len);
	ret = dma_map_sg(host->dev, &host->sg_io, 1, DMA_BIDIRECTIONAL);
	if (ret != 1)
		return -ENOMEM;
	writel(sg_dma_address(&host->sg_io), host->base);
	dma_sync_sg_for_cpu(host->dev, &host->sg_io, 1, DMA_BIDIRECTIONAL);
	dma_unmap_sg(host->dev, &host->sg_io, 1, DMA_BIDIRECTIONAL);
	return 0;
}

/* Mapped, then an error before the device sees the list: only unmapped. */
static int acme_early_error(struct acme_host *host, struct scatterlist *sgl,
			    int nents, bool busy)
{
	int count;

	count = dma_map_sg(host->dev, sgl, nents, DMA_TO_DEVICE);
	if (busy) {
		dma_unmap_sg(host->dev, sgl, nents, DMA_TO_DEVICE);
		return -EBUSY;
	}
	if (count <= 0)
		return -ENOMEM;
	writel(sg_dma_address(sgl), host->base);
	dma_unmap_sg(host->dev, sgl, nents, DMA_TO_DEVICE);
	return 0;
}
