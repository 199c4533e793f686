// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers on the stack given to the DMA API, in the shapes seen in
 * drivers: a setup packet read into a local structure, a zero-length
 * packet pointed to through a local pointer, a header mapped with
 * virt_to_page(), a status byte and a command given to a virtqueue or
 * to dma_map_sg() through a scatterlist, a structure passed by value.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/usb/ch9.h>
#include <linux/virtio.h>

struct acme_udc {
	struct device *dev;
	void __iomem *regs;
	struct virtqueue *vq;
};

struct acme_cmd {
	__le32 opcode;
	__le32 arg;
};

static void acme_start_dma(struct acme_udc *udc, dma_addr_t dma, size_t len);

static int acme_udc_read_setup(struct acme_udc *udc)
{
	struct usb_ctrlrequest ctrl;
	dma_addr_t dma;

	dma = dma_map_single(udc->dev, &ctrl,	/* KCELL-EXPECT */
			     sizeof(ctrl), DMA_FROM_DEVICE);
	if (dma_mapping_error(udc->dev, dma))
		return -ENOMEM;
	acme_start_dma(udc, dma, sizeof(ctrl));
	dma_unmap_single(udc->dev, dma, sizeof(ctrl), DMA_FROM_DEVICE);
	return le16_to_cpu(ctrl.wLength);
}

static int acme_udc_send_zlp(struct acme_udc *udc)
{
	u8 zlp[8] = { 0 };
	u8 *buf = zlp;
	dma_addr_t dma;

	dma = dma_map_single(udc->dev, buf, sizeof(zlp), DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(udc->dev, dma))
		return -ENOMEM;
	acme_start_dma(udc, dma, 0);
	dma_unmap_single(udc->dev, dma, sizeof(zlp), DMA_TO_DEVICE);
	return 0;
}

static int acme_udc_send_header(struct acme_udc *udc, u16 len)
{
	struct acme_cmd hdr = { .opcode = cpu_to_le32(1), .arg = cpu_to_le32(len) };
	dma_addr_t dma;

	dma = dma_map_page(udc->dev, virt_to_page(&hdr),	/* KCELL-EXPECT */
			   offset_in_page(&hdr), sizeof(hdr), DMA_TO_DEVICE);
	if (dma_mapping_error(udc->dev, dma))
		return -ENOMEM;
	acme_start_dma(udc, dma, sizeof(hdr));
	dma_unmap_page(udc->dev, dma, sizeof(hdr), DMA_TO_DEVICE);
	return 0;
}

static int acme_vq_get_status(struct acme_udc *udc)
{
	struct scatterlist sg;
	unsigned int len;
	u8 status;
	int err;

	sg_init_one(&sg, &status, sizeof(status));	/* KCELL-EXPECT */
	err = virtqueue_add_inbuf(udc->vq, &sg, 1, udc, GFP_KERNEL);
	if (err)
		return err;
	virtqueue_kick(udc->vq);
	while (!virtqueue_get_buf(udc->vq, &len))
		cpu_relax();
	return status;
}

static int acme_send_cmd_sg(struct acme_udc *udc, u32 op)
{
	struct scatterlist sg[1];
	__le32 cmd[4] = { cpu_to_le32(op) };
	int n;

	sg_init_table(sg, 1);
	sg_set_buf(&sg[0], cmd, sizeof(cmd));	/* KCELL-EXPECT */
	n = dma_map_sg(udc->dev, sg, 1, DMA_TO_DEVICE);
	if (!n)
		return -ENOMEM;
	acme_start_dma(udc, sg_dma_address(&sg[0]), sizeof(cmd));
	dma_unmap_sg(udc->dev, sg, 1, DMA_TO_DEVICE);
	return 0;
}

static int acme_send_cmd(struct acme_udc *udc, struct acme_cmd cmd)
{
	dma_addr_t dma;

	dma = dma_map_single(udc->dev, &cmd, sizeof(cmd), DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (dma_mapping_error(udc->dev, dma))
		return -ENOMEM;
	acme_start_dma(udc, dma, sizeof(cmd));
	dma_unmap_single(udc->dev, dma, sizeof(cmd), DMA_TO_DEVICE);
	return 0;
}
