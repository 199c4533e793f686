// SPDX-License-Identifier: GPL-2.0
/*
 * A crypto-offload-like engine that asks for the CPU pointer of a lease
 * it has already granted to the device.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <kcell/kcell.h>

#define ACME_REG_SRC_LO	0x00
#define ACME_REG_SRC_HI	0x04
#define ACME_REG_GO	0x08
#define ACME_HDR_LEN	16

struct acme_engine {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease req;
	struct completion done;
	bool trace;
};

static void acme_start(struct acme_engine *eng, kcell_dma_t bus)
{
	writel(kcell_dma_lower_32_bits(bus), eng->regs + ACME_REG_SRC_LO);
	writel(kcell_dma_upper_32_bits(bus), eng->regs + ACME_REG_SRC_HI);
	writel(1, eng->regs + ACME_REG_GO);
}

static int acme_submit(struct acme_engine *eng, const void *hdr)
{
	kcell_dma_t bus;
	u8 *buf;

	buf = dma_lease_cpu(&eng->req);
	if (!buf)
		return -EBUSY;
	memcpy(buf, hdr, ACME_HDR_LEN);

	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus))
		return -EIO;
	acme_start(eng, bus);

	/* Logs the header after handing it over: gets NULL, or stale data. */
	if (eng->trace)
		print_hex_dump_debug("req: ", DUMP_PREFIX_NONE, 16, 1,
				     dma_lease_cpu(&eng->req),	/* KCELL-EXPECT */
				     ACME_HDR_LEN, false);
	return 0;
}

static int acme_submit_sync(struct acme_engine *eng, void *out)
{
	kcell_dma_t bus;
	u8 *buf;

	bus = dma_lease_grant(&eng->req);
	if (kcell_dma_is_error(bus))
		return -EIO;
	acme_start(eng, bus);

	if (eng->trace) {
		buf = dma_lease_reclaim(&eng->req);
		memcpy(out, buf, ACME_HDR_LEN);
	} else {
		/* This branch never reclaimed the lease. */
		buf = dma_lease_cpu(&eng->req);	/* KCELL-EXPECT */
		memcpy(out, buf, ACME_HDR_LEN);
	}
	return 0;
}

static void acme_poll(struct acme_engine *eng, u8 *status)
{
	struct dma_lease *l = &eng->req;

	dma_lease_grant(l);
	writel(1, eng->regs + ACME_REG_GO);
	/* Busy-waits on a byte the device writes into the buffer. */
	while (!READ_ONCE(*(u8 *)dma_lease_cpu(l)))	/* KCELL-EXPECT */
		cpu_relax();
	*status = *(u8 *)dma_lease_reclaim(l);
}
