// SPDX-License-Identifier: GPL-2.0
/*
 * A serial-like driver that peeks into its cells instead of asking them:
 * every access to a __kc_* member below bypasses the cell's state machine.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/io.h>
#include <linux/skbuff.h>
#include <kcell/kcell.h>

struct acme_stats {
	u64 tx_frames;
	u64 tx_bytes;
};

struct acme_port {
	void __iomem *regs;
	DECLARE_TAKE_CELL(tx_skb, struct sk_buff);
	DECLARE_MAP_CELL(stats, struct acme_stats);
	DECLARE_OPTIONAL_CELL(irq_mask, u32);
	struct dma_lease tx_lease;
};

static bool acme_tx_busy(struct acme_port *port)
{
	/* Racy, and blind to the debug-mode borrow marker. */
	return port->tx_skb.__kc_ptr != NULL;	/* KCELL-EXPECT */
}

static void acme_kick(struct acme_port *port)
{
	dma_addr_t bus;

	/* Programs the device without granting the lease. */
	bus = (__force dma_addr_t)port->tx_lease.__kc_bus;	/* KCELL-EXPECT */
	writel(lower_32_bits(bus), port->regs + 0x10);
	writel(upper_32_bits(bus), port->regs + 0x14);
}

static void acme_reset_stats(struct acme_port *port)
{
	struct acme_stats *st = &port->stats.__kc_val;	/* KCELL-EXPECT */

	memset(st, 0, sizeof(*st));
	atomic_set(&port->stats.__kc_state, KCELL_MAP_FULL);	/* KCELL-EXPECT */
}

static u32 acme_irq_mask(struct acme_port *port)
{
	if (!port->irq_mask.__kc_some)	/* KCELL-EXPECT */
		return 0;
	return port->irq_mask.__kc_val;	/* KCELL-EXPECT */
}

static void acme_drop_tx(struct acme_port *port)
{
	struct sk_buff **slot = (void *)&__kcell_member(&port->tx_skb, ptr);	/* KCELL-EXPECT */

	dev_kfree_skb_any(*slot);
	*slot = NULL;
}

static void acme_drop_tx_raw(struct acme_port *port)
{
	void **slot = __take_cell_slot(&port->tx_skb);	/* KCELL-EXPECT */

	dev_kfree_skb_any(xchg(slot, NULL));
	/* The old spelling, with the prefix, is caught as well. */
	slot = (void **)&__kcell_member(&port->tx_skb, __kc_ptr);	/* KCELL-EXPECT */
}

static size_t acme_tx_len(struct dma_lease *l)
{
	return l->__kc_len;	/* KCELL-EXPECT */
}

static const size_t acme_skb_off =
	offsetof(struct acme_port, tx_skb.__kc_ptr);	/* KCELL-EXPECT */
