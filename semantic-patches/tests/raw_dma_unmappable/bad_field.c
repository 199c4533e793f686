// SPDX-License-Identifier: GPL-2.0
/*
 * A field of a structure mapped for the device to write, in cache lines
 * that the CPU writes while it is mapped: per-VF statistics mapped for
 * the whole life of the VF (ionic's shape), a virtio-rng's buffer
 * (virtio-rng's shape), a response of a virtqueue_add_sgs() request
 * (virtio-mem's shape), a receive FIFO mapped with virt_to_page().
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/virtio.h>

struct acme_stats {
	__le64 rx_packets;
	__le64 tx_packets;
};

struct acme_vf {
	u16 vlanid;
	u8 macaddr[6];
	struct acme_stats stats;
	dma_addr_t stats_pa;
	bool trusted;
};

struct acme_rng {
	struct virtqueue *vq;
	unsigned int data_avail;
	unsigned int data_idx;
	u8 data[64];
};

struct acme_mem {
	struct virtqueue *vq;
	struct acme_stats req;
	struct acme_stats resp;
	u64 plugged_size;
};

struct acme_fifo {
	u32 head;
	u8 rx[256];
	u32 tail;
};

static int acme_vf_init(struct device *dev, struct acme_vf *v)
{
	v->stats_pa = dma_map_single(dev, &v->stats,	/* KCELL-EXPECT */
				     sizeof(v->stats), DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, v->stats_pa))
		return -ENOMEM;
	return 0;
}

static void acme_rng_request(struct acme_rng *vi)
{
	struct scatterlist sg;

	vi->data_idx = 0;
	sg_init_one(&sg, vi->data, sizeof(vi->data));	/* KCELL-EXPECT */
	virtqueue_add_inbuf(vi->vq, &sg, 1, vi->data, GFP_KERNEL);
	virtqueue_kick(vi->vq);
}

static int acme_mem_request(struct acme_mem *vm)
{
	struct scatterlist *sgs[2], sg_req, sg_resp;

	sg_init_one(&sg_req, &vm->req, sizeof(vm->req));
	sgs[0] = &sg_req;
	sg_init_one(&sg_resp, &vm->resp, sizeof(vm->resp));	/* KCELL-EXPECT */
	sgs[1] = &sg_resp;
	return virtqueue_add_sgs(vm->vq, sgs, 1, 1, vm, GFP_KERNEL);
}

static dma_addr_t acme_fifo_map(struct device *dev, struct acme_fifo *f)
{
	return dma_map_page(dev, virt_to_page(f->rx),	/* KCELL-EXPECT */
			    offset_in_page(f->rx), sizeof(f->rx),
			    DMA_BIDIRECTIONAL);
}
