// SPDX-License-Identifier: GPL-2.0
/*
 * The counterpart of bad_peek_cells.c: the same driver asking its cells
 * through the API.
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
	/* The driver's own members may be called anything but __kc_*. */
	u32 kc_flags;
	u32 __pad;
};

static bool acme_tx_busy(struct acme_port *port)
{
	return take_cell_is_some(&port->tx_skb);
}

static void acme_kick(struct acme_port *port)
{
	kcell_dma_t bus;

	bus = dma_lease_grant(&port->tx_lease);
	if (kcell_dma_is_error(bus))
		return;
	writel(kcell_dma_lower_32_bits(bus), port->regs + 0x10);
	writel(kcell_dma_upper_32_bits(bus), port->regs + 0x14);
	port->kc_flags |= BIT(0);
	port->__pad = 0;
}

static void acme_reset_stats(struct acme_port *port)
{
	struct acme_stats zero = {};
	struct acme_stats old;

	map_cell_replace(&port->stats, zero, &old);
}

static u32 acme_irq_mask(struct acme_port *port)
{
	u32 mask;

	if (!optional_cell_get(&port->irq_mask, &mask))
		return 0;
	return mask;
}

static void acme_drop_tx(struct acme_port *port)
{
	struct sk_buff *skb = take_cell_take(&port->tx_skb);

	dev_kfree_skb_any(skb);
}

static size_t acme_tx_len(struct dma_lease *l)
{
	return dma_lease_len(l);
}

static bool acme_stats_busy(struct acme_port *port)
{
	return map_cell_is_borrowed(&port->stats);
}

/* The public escape hatch is counted by the census, not reported here. */
static void acme_legacy_kick(struct acme_port *port, kcell_dma_t bus)
{
	dma_addr_t raw = __kcell_dma_raw(bus);

	writel(lower_32_bits(raw), port->regs + 0x10);
}
