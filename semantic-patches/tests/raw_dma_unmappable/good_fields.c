// SPDX-License-Identifier: GPL-2.0
/*
 * Fields of structures that may be mapped: a buffer alone in its cache
 * lines (____cacheline_aligned, __aligned()), a field the device only
 * reads (DMA_TO_DEVICE), a pointer member (the buffer it points to is
 * not in the structure), a structure with nothing else in it, a whole
 * structure, a field of a structure whose definition the rule cannot see,
 * a field mapped with a direction held in a variable.
 */
#include <linux/cache.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/virtio.h>

struct acme_resync {
	union {
		__le64 progress;
		u8 pad[64];
	} ____cacheline_aligned_in_smp;
	dma_addr_t dma_addr;
};

struct acme_rng {
	struct virtqueue *vq;
	unsigned int data_avail;
	u8 data[64] __aligned(64);
};

struct acme_ctrl {
	u8 cmd[16];
	u32 seq;
	u8 *resp;
};

struct acme_status {
	__le32 words[4];
};

struct acme_other;

static int acme_map_resync(struct device *dev, struct acme_resync *buf)
{
	buf->dma_addr = dma_map_single(dev, &buf->progress, 64, DMA_FROM_DEVICE);
	return dma_mapping_error(dev, buf->dma_addr);
}

static void acme_rng_request(struct acme_rng *vi)
{
	struct scatterlist sg;

	sg_init_one(&sg, vi->data, sizeof(vi->data));
	virtqueue_add_inbuf(vi->vq, &sg, 1, vi->data, GFP_KERNEL);
}

static dma_addr_t acme_ctrl_send(struct device *dev, struct acme_ctrl *c)
{
	c->seq++;
	return dma_map_single(dev, c->cmd, sizeof(c->cmd), DMA_TO_DEVICE);
}

static dma_addr_t acme_ctrl_resp(struct device *dev, struct acme_ctrl *c)
{
	return dma_map_single(dev, c->resp, 64, DMA_FROM_DEVICE);
}

static dma_addr_t acme_status_map(struct device *dev, struct acme_status *s)
{
	return dma_map_single(dev, s->words, sizeof(s->words), DMA_FROM_DEVICE);
}

static dma_addr_t acme_whole(struct device *dev, struct acme_ctrl *c)
{
	return dma_map_single(dev, c, sizeof(*c), DMA_BIDIRECTIONAL);
}

static dma_addr_t acme_other_map(struct device *dev, struct acme_other *o)
{
	return dma_map_single(dev, &o->buf, 64, DMA_FROM_DEVICE);
}

static dma_addr_t acme_dir_var(struct device *dev, struct acme_ctrl *c,
			       enum dma_data_direction dir)
{
	return dma_map_single(dev, c->cmd, sizeof(c->cmd), dir);
}
