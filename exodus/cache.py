"""The cache backend `CACHE_URL=redis://…` selects: Django's Redis backend, with one client per
connection pool for the life of the process.

Django's own backend builds a new `redis.Redis` object for every operation (on a pooled
connection); a page served from the cache is one operation (public.page_cache), so that object is
most of what a hit costs in Python. A client is thread-safe and holds nothing but its pool.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
