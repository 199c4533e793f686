// SPDX-License-Identifier: GPL-2.0
/*
 * A driver built as part of a composite object (acme_host-y) whose
 * Kconfig entry runs it on x86 only (X86 || COMPILE_TEST): coherent, so
 * the field check stays quiet.
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
