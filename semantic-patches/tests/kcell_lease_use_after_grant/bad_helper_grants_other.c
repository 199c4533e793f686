// SPDX-License-Identifier: GPL-2.0
/*
 * A helper of the file that grants another lease (the doorbell) does not
 * give the frame back: the frame is still the device's after it.
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

static void acme_xmit(struct acme_nic *n)
{
	void *frame = dma_lease_cpu(&n->tx);
	u8 *tail = (u8 *)frame + 60;

	writel(kcell_dma_lower_32_bits(dma_lease_grant(&n->tx)), n->regs);
	acme_kick(n);
	memset(frame, 0xaa, 4);				/* KCELL-EXPECT */
	tail[0] = 0;					/* KCELL-EXPECT */
}
