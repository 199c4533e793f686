// SPDX-License-Identifier: GPL-2.0
/*
 * The correct idioms: kmalloc() buffers, an skb's data, a page, a
 * pointer member that holds a kmalloc() buffer, a local pointer that is
 * given a kmalloc() buffer before the map, vmalloc() memory mapped page
 * by page with vmalloc_to_page(), a field assigned vmalloc() memory in
 * one place and kmalloc() memory in another (the rule cannot tell which
 * one is mapped), a scatterlist on the stack (the scatterlist itself is
 * not mapped, its buffer is), a crypto scatterlist never mapped by the
 * driver, an array parameter (a pointer).
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/virtio.h>

struct acme_priv {
	struct device *dev;
	struct virtqueue *vq;
	void *rx_buf;
	void *fw;
	u8 *cmd;
};

static int acme_go(struct acme_priv *ap, dma_addr_t dma, size_t len);
static void acme_digest(struct scatterlist *sg, unsigned int len);

static int acme_rx_buf(struct acme_priv *ap)
{
	dma_addr_t dma;

	ap->rx_buf = kmalloc(2048, GFP_KERNEL);
	if (!ap->rx_buf)
		return -ENOMEM;
	dma = dma_map_single(ap->dev, ap->rx_buf, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, dma))
		return -ENOMEM;
	return acme_go(ap, dma, 2048);
}

static int acme_xmit(struct acme_priv *ap, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(ap->dev, skb->data, skb_headlen(skb),
					DMA_TO_DEVICE);

	if (dma_mapping_error(ap->dev, dma))
		return -ENOMEM;
	return acme_go(ap, dma, skb_headlen(skb));
}

static int acme_page(struct acme_priv *ap, struct page *page)
{
	void *va = page_address(page);
	dma_addr_t dma = dma_map_page(ap->dev, virt_to_page(va), 0, PAGE_SIZE,
				      DMA_FROM_DEVICE);

	if (dma_mapping_error(ap->dev, dma))
		return -ENOMEM;
	return acme_go(ap, dma, PAGE_SIZE);
}

static int acme_cmd(struct acme_priv *ap, size_t len)
{
	u8 local[16];
	u8 *buf = local;
	dma_addr_t dma;

	buf = kmemdup(local, sizeof(local), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	dma = dma_map_single(ap->dev, buf, sizeof(local), DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	return acme_go(ap, dma, sizeof(local));
}

static int acme_vmap_pages(struct acme_priv *ap, size_t len)
{
	void *area = vmalloc(len);
	size_t off;

	if (!area)
		return -ENOMEM;
	for (off = 0; off < len; off += PAGE_SIZE) {
		dma_addr_t dma = dma_map_page(ap->dev, vmalloc_to_page(area + off),
					      0, PAGE_SIZE, DMA_TO_DEVICE);

		if (dma_mapping_error(ap->dev, dma))
			return -ENOMEM;
		acme_go(ap, dma, PAGE_SIZE);
	}
	return 0;
}

static int acme_fw_small(struct acme_priv *ap, size_t len)
{
	if (len > PAGE_SIZE)
		ap->fw = vmalloc(len);
	else
		ap->fw = kmalloc(len, GFP_KERNEL);
	return ap->fw ? 0 : -ENOMEM;
}

static int acme_fw_send(struct acme_priv *ap, size_t len)
{
	dma_addr_t dma;

	if (len > PAGE_SIZE)
		return -EINVAL;
	dma = dma_map_single(ap->dev, ap->fw, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, dma))
		return -ENOMEM;
	return acme_go(ap, dma, len);
}

static int acme_vq_cmd(struct acme_priv *ap)
{
	struct scatterlist sg;

	ap->cmd = kzalloc(8, GFP_KERNEL);
	if (!ap->cmd)
		return -ENOMEM;
	sg_init_one(&sg, ap->cmd, 8);
	return virtqueue_add_outbuf(ap->vq, &sg, 1, ap, GFP_KERNEL);
}

static void acme_hash(const u8 *data, unsigned int len)
{
	struct scatterlist sg;
	u8 key[32];

	memcpy(key, data, sizeof(key));
	sg_init_one(&sg, key, sizeof(key));
	acme_digest(&sg, sizeof(key));
}

static int acme_param_array(struct acme_priv *ap, u8 buf[], size_t len)
{
	dma_addr_t dma = dma_map_single(ap->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(ap->dev, dma))
		return -ENOMEM;
	return acme_go(ap, dma, len);
}
