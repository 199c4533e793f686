// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_helper_grants_other.c: the helper called after the
 * grant waits for the device and reclaims the frame, so the pointer is
 * the CPU's again.
 */
#include <linux/io.h>
#include <kcell/kcell.h>

struct acme_nic {
	void __iomem *regs;
	struct dma_lease tx;
};

static void acme_tx_wait(struct acme_nic *n)
{
	while (!(readl(n->regs) & 1))
		cpu_relax();
	dma_lease_reclaim(&n->tx);
}

static void acme_xmit(struct acme_nic *n)
{
	u8 *buf = dma_lease_cpu(&n->tx);

	writel(kcell_dma_lower_32_bits(dma_lease_grant(&n->tx)), n->regs);
	acme_tx_wait(n);
	buf[1] = 0xaa;
}
