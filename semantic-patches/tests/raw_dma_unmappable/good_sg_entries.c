// SPDX-License-Identifier: GPL-2.0
/*
 * Two entries of one scatterlist array, each set and mapped on its own
 * (i2c-mxs's shape): a field mapped DMA_TO_DEVICE through the first, a
 * heap buffer DMA_FROM_DEVICE through the second.  The field is not
 * mapped for the device to write.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct acme_i2c {
	struct device *dev;
	u8 addr_data;
	u32 pio_data[2];
	struct scatterlist sg_io[2];
};

static int acme_i2c_read(struct acme_i2c *i2c, u8 *buf, unsigned int len)
{
	sg_init_one(&i2c->sg_io[0], &i2c->addr_data, 1);
	if (!dma_map_sg(i2c->dev, &i2c->sg_io[0], 1, DMA_TO_DEVICE))
		return -ENOMEM;
	sg_init_one(&i2c->sg_io[1], buf, len);
	if (!dma_map_sg(i2c->dev, &i2c->sg_io[1], 1, DMA_FROM_DEVICE)) {
		dma_unmap_sg(i2c->dev, &i2c->sg_io[0], 1, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	return 0;
}
