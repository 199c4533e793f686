// SPDX-License-Identifier: GPL-2.0
/*
 * The counterparts of bad_cpu_after_grant.c and bad_stale_pointer.c: the
 * buffer is filled before the grant and read only after the reclaim.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_HDR_LEN	16
#define ACME_FRAME_LEN	256
#define ACME_REG_ADDR	0x20
#define ACME_REG_CTRL	0x24
#define ACME_CTRL_START	BIT(0)
#define ACME_MAGIC	0xa5

struct acme_frame {
	__le16 seq;
	__le16 len;
	u8 data[];
};

struct acme_engine {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease req;
	void *req_buf;
	struct completion done;
	bool trace;
	u16 seq;
};

static void acme_go(struct acme_engine *eng, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), eng->regs + ACME_REG_ADDR);
	writel(ACME_CTRL_START, eng->regs + ACME_REG_CTRL);
}

/* Logs the header before handing it over. */
static int acme_submit(struct acme_engine *eng, const void *hdr)
{
	kcell_dma_t bus;
	struct acme_frame *f;

	f = dma_lease_cpu(&eng->req);
	if (!f)
		return -EBUSY;
	memcpy(f, hdr, ACME_HDR_LEN);
	f->seq = cpu_to_le16(++eng->seq);
	f->len = cpu_to_le16(ACME_HDR_LEN);
	if (eng->trace)
		print_hex_dump_debug("req: ", DUMP_PREFIX_NONE, 16, 1, f,
				     ACME_HDR_LEN, false);

	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus))
		return -EIO;
	acme_go(eng, bus);
	return 0;
}

/* Both branches reclaim before reading. */
static int acme_submit_sync(struct acme_engine *eng, void *out)
{
	kcell_dma_t bus;
	u8 *buf;

	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus))
		return -EIO;
	acme_go(eng, bus);

	if (!wait_for_completion_timeout(&eng->done, HZ)) {
		writel(0, eng->regs + ACME_REG_CTRL);
		dma_lease_reclaim(&eng->req);
		return -ETIMEDOUT;
	}
	if (eng->trace) {
		buf = dma_lease_reclaim(&eng->req);
		memcpy(out, buf, ACME_HDR_LEN);
	} else {
		dma_lease_reclaim(&eng->req);
		buf = dma_lease_cpu(&eng->req);
		memcpy(out, buf, ACME_HDR_LEN);
	}
	return 0;
}

/* Polls a register, not the buffer, and reads it after the reclaim. */
static int acme_poll(struct acme_engine *eng, u8 *status)
{
	struct dma_lease *l = &eng->req;
	kcell_dma_t bus;
	u8 *buf;

	bus = dma_lease_grant(l);
	acme_go(eng, bus);
	while (readl(eng->regs + ACME_REG_CTRL) & ACME_CTRL_START)
		cpu_relax();
	buf = dma_lease_reclaim(l);
	*status = buf[0];
	buf[0] = 0;
	return 0;
}

/* A failed grant leaves the lease CPU-owned: unmap and free are fine. */
static int acme_setup(struct acme_engine *eng)
{
	kcell_dma_t bus;
	int ret;

	eng->req_buf = kzalloc(ACME_FRAME_LEN, GFP_KERNEL);
	if (!eng->req_buf)
		return -ENOMEM;
	ret = dma_lease_map(&eng->req, eng->dev, eng->req_buf, ACME_FRAME_LEN,
			    DMA_BIDIRECTIONAL);
	if (ret)
		goto err_free;
	memset(eng->req_buf, ACME_MAGIC, ACME_FRAME_LEN);
	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus)) {
		ret = -EIO;
		goto err_unmap;
	}
	acme_go(eng, bus);
	return 0;

err_unmap:
	dma_lease_unmap(&eng->req);
err_free:
	kfree(eng->req_buf);
	return ret;
}

/* The stale-looking pointer is refreshed by the reclaim. */
static bool acme_frame_ready(struct acme_engine *eng)
{
	u8 *buf = dma_lease_cpu(&eng->req);
	kcell_dma_t bus;

	if (!buf)
		return false;
	buf[0] = 0;
	bus = dma_lease_grant(&eng->req);
	acme_go(eng, bus);
	if (!wait_for_completion_timeout(&eng->done, HZ / 10)) {
		dma_lease_reclaim(&eng->req);
		return false;
	}
	buf = dma_lease_reclaim(&eng->req);
	pr_debug("frame %*ph, %zu bytes\n", 4, buf, sizeof(*buf));
	return buf[0] == ACME_MAGIC;
}

/*
 * The interrupt handler reclaims the lease and completes; the waiter then
 * owns the buffer again and may use its pointer.
 */
static irqreturn_t acme_irq(int irq, void *data)
{
	struct acme_engine *eng = data;

	if (!dma_lease_is_granted(&eng->req))
		return IRQ_NONE;
	dma_lease_reclaim(&eng->req);
	complete(&eng->done);
	return IRQ_HANDLED;
}

static int acme_transact(struct acme_engine *eng, void *out)
{
	u8 *buf = dma_lease_cpu(&eng->req);
	kcell_dma_t bus;

	if (!buf)
		return -EBUSY;
	buf[0] = 0;
	reinit_completion(&eng->done);
	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus))
		return -EIO;
	acme_go(eng, bus);
	wait_for_completion(&eng->done);
	memcpy(out, dma_lease_cpu(&eng->req), ACME_HDR_LEN);
	return buf[0];
}
