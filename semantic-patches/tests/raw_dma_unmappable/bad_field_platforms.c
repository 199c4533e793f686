// SPDX-License-Identifier: GPL-2.0
/*
 * The same shape in a driver that arm64 SoCs build as well as pSeries
 * ((PPC_PSERIES || ARM64) && OF): some arm64 SoCs are not coherent, so
 * the field is reported.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>

struct acme_stats {
	__le64 rx_packets;
	__le64 tx_packets;
};

struct acme_adapter {
	struct device *dev;
	struct acme_stats stats;
	struct completion stats_done;
	dma_addr_t stats_token;
};

static int acme_init_stats_token(struct acme_adapter *adapter)
{
	dma_addr_t stok;

	stok = dma_map_single(adapter->dev, &adapter->stats,	/* KCELL-EXPECT */
			      sizeof(adapter->stats), DMA_FROM_DEVICE);
	if (dma_mapping_error(adapter->dev, stok))
		return -ENOMEM;
	adapter->stats_token = stok;
	init_completion(&adapter->stats_done);
	return 0;
}
