#!/bin/sh
# Doxygen INPUT_FILTER: drop the single @defgroup wrapper so member details land on the file page
sed -e 's/@defgroup XCB_Core_API XCB Core API/@file xcb.h/' -e 's/^ \* @{$/ */' -e 's/^ \* @}$/ */' "$1"
