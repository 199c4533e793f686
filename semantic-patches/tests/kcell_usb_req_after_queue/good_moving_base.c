// SPDX-License-Identifier: GPL-2.0
/*
 * Each port's own request prepared, then queued, in loops whose cursor
 * moves on to the next port: port->req names another request at the top
 * of the next pass, and after port is moved by hand.
 */
#include <linux/list.h>
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

struct acme_port {
	struct usb_ep *ep;
	struct usb_request *req;
	struct list_head node;
};

struct acme_gadget {
	struct list_head ports;
	struct acme_port port[4];
};

static void acme_prime_list(struct acme_gadget *g)
{
	struct acme_port *port;

	list_for_each_entry(port, &g->ports, node) {
		port->req->length = 4;
		usb_ep_queue(port->ep, port->req, GFP_ATOMIC);
	}
}

static int acme_prime_array(struct acme_gadget *g)
{
	struct acme_port *port;
	int err;

	for (port = g->port; port < g->port + 4; port++) {
		port->req->length = 4;
		err = usb_ep_queue(port->ep, port->req, GFP_ATOMIC);
		if (err)
			return err;
	}
	return 0;
}

static void acme_next_port(struct acme_gadget *g, struct acme_port *port)
{
	usb_ep_queue(port->ep, port->req, GFP_ATOMIC);
	port = &g->port[1];
	port->req->length = 0;
}
