// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc() and kvmalloc() memory given to the DMA API: a firmware image
 * copied into vmalloc() memory and mapped for the download, a log buffer
 * allocated by probe and mapped by another function, a command of
 * kvzalloc() memory, a ring mapped with virt_to_page(), a header skipped
 * with pointer arithmetic.
 */
#include <linux/dma-mapping.h>
#include <linux/firmware.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define ACME_LOG_SIZE	(64 * 1024)

struct acme_dev {
	struct device *dev;
	void __iomem *regs;
	void *log;
};

static int acme_run_dma(struct acme_dev *ad, dma_addr_t dma, size_t len);

static int acme_load_firmware(struct acme_dev *ad, const struct firmware *fw)
{
	dma_addr_t dma;
	void *buf;
	int err;

	buf = vmalloc(fw->size);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, fw->data, fw->size);
	dma = dma_map_single(ad->dev, buf, fw->size, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(ad->dev, dma)) {
		vfree(buf);
		return -ENOMEM;
	}
	err = acme_run_dma(ad, dma, fw->size);
	dma_unmap_single(ad->dev, dma, fw->size, DMA_TO_DEVICE);
	vfree(buf);
	return err;
}

static int acme_probe_log(struct acme_dev *ad)
{
	ad->log = vzalloc(ACME_LOG_SIZE);
	if (!ad->log)
		return -ENOMEM;
	return 0;
}

static int acme_fetch_log(struct acme_dev *ad)
{
	dma_addr_t dma;
	int err;

	dma = dma_map_single(ad->dev, ad->log, ACME_LOG_SIZE,	/* KCELL-EXPECT */
			     DMA_FROM_DEVICE);
	if (dma_mapping_error(ad->dev, dma))
		return -ENOMEM;
	err = acme_run_dma(ad, dma, ACME_LOG_SIZE);
	dma_unmap_single(ad->dev, dma, ACME_LOG_SIZE, DMA_FROM_DEVICE);
	return err;
}

static int acme_exec(struct acme_dev *ad, size_t len)
{
	dma_addr_t dma;
	u32 *cmd;
	int err;

	cmd = kvzalloc(len, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	cmd[0] = 0x1;
	dma = dma_map_single(ad->dev, cmd, len, DMA_BIDIRECTIONAL);	/* KCELL-EXPECT */
	if (dma_mapping_error(ad->dev, dma)) {
		kvfree(cmd);
		return -ENOMEM;
	}
	err = acme_run_dma(ad, dma, len);
	dma_unmap_single(ad->dev, dma, len, DMA_BIDIRECTIONAL);
	kvfree(cmd);
	return err;
}

static int acme_ring_page(struct acme_dev *ad)
{
	void *ring = vmalloc(PAGE_SIZE);
	dma_addr_t dma;

	if (!ring)
		return -ENOMEM;
	dma = dma_map_page(ad->dev, virt_to_page(ring), 0, PAGE_SIZE,	/* KCELL-EXPECT */
			   DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ad->dev, dma)) {
		vfree(ring);
		return -ENOMEM;
	}
	return acme_run_dma(ad, dma, PAGE_SIZE);
}

static int acme_send_image(struct acme_dev *ad, const void *src, size_t len)
{
	u8 *img = __vmalloc(len + 16, GFP_KERNEL);
	dma_addr_t dma;

	if (!img)
		return -ENOMEM;
	memcpy(img + 16, src, len);
	dma = dma_map_single(ad->dev, img + 16, len, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(ad->dev, dma)) {
		vfree(img);
		return -ENOMEM;
	}
	acme_run_dma(ad, dma, len);
	dma_unmap_single(ad->dev, dma, len, DMA_TO_DEVICE);
	vfree(img);
	return 0;
}
