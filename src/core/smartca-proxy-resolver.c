/* smartca-proxy-resolver.c: the system proxy, except for this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain http is allowed only to this machine (the sandbox), and those
 * requests carry the SP password: they must never go to a proxy, whatever
 * http_proxy or the desktop says. Every other address is resolved by the
 * system's resolver (or the one given), so https keeps the user's proxy.
 */

#include "config.h"

#include "smartca-proxy-resolver.h"

struct _SmartcaProxyResolver
{
  GObject parent_instance;

  GProxyResolver *inner;
};

static void smartca_proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SmartcaProxyResolver, smartca_proxy_resolver, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER, smartca_proxy_resolver_iface_init))

static gboolean
uri_is_loopback (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL && smartca_uri_host_is_loopback (g_uri_get_host (parsed));
}

static char **
direct (void)
{
  char **proxies = g_new0 (char *, 2);

  proxies[0] = g_strdup ("direct://");
  return proxies;
}

static gboolean
smartca_proxy_resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
smartca_proxy_resolver_lookup (GProxyResolver *resolver,
                               const char     *uri,
                               GCancellable   *cancellable,
                               GError        **error)
{
  SmartcaProxyResolver *self = SMARTCA_PROXY_RESOLVER (resolver);

  if (uri_is_loopback (uri))
    return direct ();
  return g_proxy_resolver_lookup (self->inner, uri, cancellable, error);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  g_autoptr(GError) error = NULL;
  char            **proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (source), result, &error);

  if (proxies == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static void
smartca_proxy_resolver_lookup_async (GProxyResolver     *resolver,
                                     const char         *uri,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  SmartcaProxyResolver *self = SMARTCA_PROXY_RESOLVER (resolver);
  g_autoptr(GTask)      task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, smartca_proxy_resolver_lookup_async);

  if (uri_is_loopback (uri))
    {
      g_task_return_pointer (task, direct (), (GDestroyNotify) g_strfreev);
      return;
    }
  g_proxy_resolver_lookup_async (self->inner, uri, cancellable, lookup_cb, g_steal_pointer (&task));
}

static char **
smartca_proxy_resolver_lookup_finish (GProxyResolver *resolver,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
smartca_proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = smartca_proxy_resolver_is_supported;
  iface->lookup = smartca_proxy_resolver_lookup;
  iface->lookup_async = smartca_proxy_resolver_lookup_async;
  iface->lookup_finish = smartca_proxy_resolver_lookup_finish;
}

static void
smartca_proxy_resolver_finalize (GObject *object)
{
  SmartcaProxyResolver *self = SMARTCA_PROXY_RESOLVER (object);

  g_clear_object (&self->inner);

  G_OBJECT_CLASS (smartca_proxy_resolver_parent_class)->finalize (object);
}

static void
smartca_proxy_resolver_class_init (SmartcaProxyResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smartca_proxy_resolver_finalize;
}

static void
smartca_proxy_resolver_init (SmartcaProxyResolver *self)
{
}

/**
 * smartca_proxy_resolver_new:
 * @inner: (nullable): the resolver for every other address; %NULL for the
 *   system's (g_proxy_resolver_get_default())
 *
 * Returns: (transfer full): a resolver that never sends a request for this
 *   machine through a proxy
 */
GProxyResolver *
smartca_proxy_resolver_new (GProxyResolver *inner)
{
  SmartcaProxyResolver *self = g_object_new (SMARTCA_TYPE_PROXY_RESOLVER, NULL);

  self->inner = g_object_ref (inner != NULL ? inner : g_proxy_resolver_get_default ());
  return G_PROXY_RESOLVER (self);
}

/**
 * smartca_uri_host_is_loopback:
 * @host: (nullable): a host as GUri gives it (IPv6 without brackets)
 *
 * Returns: %TRUE for "localhost", 127.0.0.0/8 and ::1
 */
gboolean
smartca_uri_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}
