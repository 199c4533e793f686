// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_to_lease: mappings that are not offered, because their
 * conversion is not mechanical (or the code has a bug another rule
 * reports).
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>

struct demo_nic {
	struct device *dev;
	void __iomem *regs;
	dma_addr_t cmd_dma;
	void *cmd_buf;
};

int demo_post(struct demo_nic *nic, dma_addr_t addr, size_t len);
int demo_wait_done(struct demo_nic *nic);

/* The address is passed to a function: its type is the driver's choice. */
static int demo_passed_on(struct demo_nic *nic, void *buf, size_t len)
{
	dma_addr_t addr;
	int err;

	addr = dma_map_single(nic->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	err = demo_post(nic, addr, len);
	dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
	return err;
}

/* A sync between map and unmap: a hand-over whose place is a choice. */
static int demo_synced(struct demo_nic *nic, u8 *buf, size_t len)
{
	dma_addr_t addr;
	int err;

	addr = dma_map_single(nic->dev, buf, len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	writel(lower_32_bits(addr), nic->regs);
	err = demo_wait_done(nic);
	dma_sync_single_for_cpu(nic->dev, addr, len, DMA_BIDIRECTIONAL);
	buf[0] ^= 1;
	dma_sync_single_for_device(nic->dev, addr, len, DMA_BIDIRECTIONAL);
	writel(lower_32_bits(addr), nic->regs);
	err = demo_wait_done(nic);
	dma_unmap_single(nic->dev, addr, len, DMA_BIDIRECTIONAL);
	return err;
}

/* A return between the test and the unmap leaks the mapping. */
static int demo_leaks(struct demo_nic *nic, void *buf, size_t len)
{
	dma_addr_t addr;

	addr = dma_map_single(nic->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	writel(lower_32_bits(addr), nic->regs);
	if (demo_wait_done(nic))
		return -ETIMEDOUT;
	dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
	return 0;
}

/* Unmapped with another direction than the map's. */
static int demo_mismatch(struct demo_nic *nic, void *buf, size_t len)
{
	dma_addr_t addr;
	int err;

	addr = dma_map_single(nic->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	writel(lower_32_bits(addr), nic->regs);
	err = demo_wait_done(nic);
	dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
	return err;
}

/* Kept in the device's structure: a field, not a local. */
static int demo_kept(struct demo_nic *nic, size_t len)
{
	nic->cmd_dma = dma_map_single(nic->dev, nic->cmd_buf, len,
				      DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, nic->cmd_dma))
		return -ENOMEM;
	writel(lower_32_bits(nic->cmd_dma), nic->regs);
	return 0;
}

/* Mapped again on each round of a loop. */
static int demo_blocks(struct demo_nic *nic, u8 *fw, size_t len, int n)
{
	dma_addr_t addr;
	int i, err = 0;

	for (i = 0; i < n && !err; i++) {
		addr = dma_map_single(nic->dev, fw + i * len, len,
				      DMA_TO_DEVICE);
		if (dma_mapping_error(nic->dev, addr))
			return -ENOMEM;
		writel(lower_32_bits(addr), nic->regs);
		err = demo_wait_done(nic);
		dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
	}
	return err;
}

/* Printed: a use the conversion does not rewrite. */
static int demo_printed(struct demo_nic *nic, void *buf, size_t len)
{
	dma_addr_t addr;
	int err;

	addr = dma_map_single(nic->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	dev_dbg(nic->dev, "command at %pad\n", &addr);
	writel(lower_32_bits(addr), nic->regs);
	err = demo_wait_done(nic);
	dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
	return err;
}

/* A jump past the unmap leaks the mapping too. */
static int demo_jumps(struct demo_nic *nic, void *buf, size_t len)
{
	dma_addr_t addr;
	int err;

	addr = dma_map_single(nic->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(nic->dev, addr))
		return -ENOMEM;
	writel(lower_32_bits(addr), nic->regs);
	err = demo_wait_done(nic);
	if (err)
		goto out;
	dma_unmap_single(nic->dev, addr, len, DMA_TO_DEVICE);
out:
	return err;
}
