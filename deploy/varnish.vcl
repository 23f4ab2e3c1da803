# Varnish in front of the newsroom app (Debian: apt-get install varnish varnish-modules).
#
# Caches public pages for as long as the app says (s-maxage, never past the next scheduled change), passes the
# admin, previews, the health check and anything carrying our cookies, and drops pages when the app purges
# them by surrogate key: the app sends each page with `Surrogate-Key: <what it shows>` and, after every change,
# `PURGE /` with `xkey-purge: <keys>` (NEWSROOM_PURGE_URLS). README, "Caching", has the Fastly and Cloudflare
# equivalents.
vcl 4.1;

import xkey;

# The app server. `make serve-cached` and tests/test_varnish.py write their own port here.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers (add their addresses when Varnish runs elsewhere).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the app servers only"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Send the keys to purge in xkey-purge"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors' pages, share-link previews and the load balancer's check are never cached.
    if (req.url ~ "^/(admin|preview)/" || req.url ~ "^/healthz" || req.http.Authorization) {
        return (pass);
    }
    # Our cookies (Django's session, CSRF and messages cookies) mean a page may be personal: pass.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics) changes nothing on our pages.
    unset req.http.Cookie;
    # Campaign parameters change nothing either: one cached copy for every newsletter link.
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|mc_[ce]id)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|mc_[ce]id)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    return (hash);
}

sub vcl_backend_response {
    # The app marks everything that is not a public page private (drafts, errors, redirects, sign-in).
    if (beresp.http.Set-Cookie || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Index the page by the keys of what it shows, for xkey.purge().
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # No stale copies: a scheduled story must appear when its time comes, and the app purges on every change.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
