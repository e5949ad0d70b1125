/* smartca-proxy-resolver.h: the system proxy, except for this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_TYPE_PROXY_RESOLVER (smartca_proxy_resolver_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaProxyResolver, smartca_proxy_resolver, SMARTCA, PROXY_RESOLVER, GObject)

GProxyResolver *smartca_proxy_resolver_new (GProxyResolver *inner);
gboolean        smartca_uri_host_is_loopback (const char *host);

G_END_DECLS
