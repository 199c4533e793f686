// SPDX-License-Identifier: GPL-2.0
/*
 * ibmvnic's shape: statistics inside the adapter structure, mapped for the
 * device to write, next to a completion the CPU waits on; the Kconfig
 * beside this file builds it only on pSeries, whose DMA is coherent, so
 * the shared cache lines lose nothing (a false positive of the field
 * check in Debian's 6.12 until the rule read Kconfig).
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

	stok = dma_map_single(adapter->dev, &adapter->stats,
			      sizeof(adapter->stats), DMA_FROM_DEVICE);
	if (dma_mapping_error(adapter->dev, stok))
		return -ENOMEM;
	adapter->stats_token = stok;
	init_completion(&adapter->stats_done);
	return 0;
}
