// SPDX-License-Identifier: GPL-2.0
/*
 * A helper of the file that grants the doorbell lease is not a reclaim of
 * the frame: granting the frame again after it is a double grant.
 */
#include <linux/io.h>
#include <kcell/kcell.h>

struct acme_nic {
	void __iomem *regs;
	struct dma_lease tx;
	struct dma_lease db;
};

static void acme_kick(struct acme_nic *n)
{
	writel(kcell_dma_lower_32_bits(dma_lease_grant(&n->db)), n->regs);
}

static void acme_resend(struct acme_nic *n)
{
	kcell_dma_t bus = dma_lease_grant(&n->tx);

	acme_kick(n);
	bus = dma_lease_grant(&n->tx);			/* KCELL-EXPECT */
	writel(kcell_dma_lower_32_bits(bus), n->regs);
}
