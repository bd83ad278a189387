#ifndef NURTURE_CCURL_SHIM_H
#define NURTURE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
