// SPDX-License-Identifier: GPL-2.0
/*
 * Const and static data given to the DMA API: an initialisation sequence
 * in a static const table, a string literal, a scratch buffer of the
 * module, a static status word of a function, a const string reached
 * through a local pointer.
 */
#include <linux/dma-mapping.h>

struct acme_hw {
	struct device *dev;
	void __iomem *regs;
};

static const u8 acme_init_seq[] = { 0x01, 0x80, 0x00, 0x3f };
static const char acme_magic[] = "ACME";
static u8 acme_scratch[64];

static int acme_xfer(struct acme_hw *hw, dma_addr_t dma, size_t len);

static int acme_hw_init(struct acme_hw *hw)
{
	dma_addr_t dma;
	int err;

	dma = dma_map_single(hw->dev, (void *)acme_init_seq,	/* KCELL-EXPECT */
			     sizeof(acme_init_seq), DMA_TO_DEVICE);
	if (dma_mapping_error(hw->dev, dma))
		return -ENOMEM;
	err = acme_xfer(hw, dma, sizeof(acme_init_seq));
	dma_unmap_single(hw->dev, dma, sizeof(acme_init_seq), DMA_TO_DEVICE);
	return err;
}

static int acme_hw_probe_id(struct acme_hw *hw)
{
	dma_addr_t dma;

	dma = dma_map_single(hw->dev, "ACME-PROBE", 10, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(hw->dev, dma))
		return -ENOMEM;
	acme_xfer(hw, dma, 10);
	dma_unmap_single(hw->dev, dma, 10, DMA_TO_DEVICE);
	return 0;
}

static int acme_hw_read_scratch(struct acme_hw *hw)
{
	dma_addr_t dma;

	dma = dma_map_single(hw->dev, acme_scratch, sizeof(acme_scratch),	/* KCELL-EXPECT */
			     DMA_FROM_DEVICE);
	if (dma_mapping_error(hw->dev, dma))
		return -ENOMEM;
	acme_xfer(hw, dma, sizeof(acme_scratch));
	dma_unmap_single(hw->dev, dma, sizeof(acme_scratch), DMA_FROM_DEVICE);
	return acme_scratch[0];
}

static int acme_hw_status(struct acme_hw *hw)
{
	static __le32 status;
	dma_addr_t dma;

	dma = dma_map_single(hw->dev, &status, sizeof(status), DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(hw->dev, dma))
		return -ENOMEM;
	acme_xfer(hw, dma, sizeof(status));
	dma_unmap_single(hw->dev, dma, sizeof(status), DMA_FROM_DEVICE);
	return le32_to_cpu(status);
}

static int acme_hw_magic(struct acme_hw *hw)
{
	const char *p = acme_magic;
	dma_addr_t dma;

	dma = dma_map_single(hw->dev, (void *)p, 4, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(hw->dev, dma))
		return -ENOMEM;
	acme_xfer(hw, dma, 4);
	dma_unmap_single(hw->dev, dma, 4, DMA_TO_DEVICE);
	return 0;
}
