// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_helper_grants_other.c: a helper of the file reclaims
 * the frame between the two grants, and another grants it between two
 * reclaims.
 */
#include <linux/io.h>
#include <kcell/kcell.h>

struct acme_nic {
	void __iomem *regs;
	struct dma_lease tx;
};

static void acme_tx_done(struct acme_nic *n)
{
	dma_lease_reclaim(&n->tx);
}

static void acme_tx_post(struct acme_nic *n)
{
	writel(kcell_dma_lower_32_bits(dma_lease_grant(&n->tx)), n->regs);
}

static void acme_resend(struct acme_nic *n)
{
	kcell_dma_t bus = dma_lease_grant(&n->tx);

	acme_tx_done(n);
	bus = dma_lease_grant(&n->tx);
	writel(kcell_dma_lower_32_bits(bus), n->regs);
}

static void acme_poll_twice(struct acme_nic *n)
{
	dma_lease_reclaim(&n->tx);
	acme_tx_post(n);
	dma_lease_reclaim(&n->tx);
}
