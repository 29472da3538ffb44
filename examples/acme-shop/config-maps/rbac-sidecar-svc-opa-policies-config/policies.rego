# Rönd policies evaluated by the rbac-service sidecars (catalog, notifications).
# Each route of a service's OpenAPI document names the policy to run in x-rond.
package policies

# catalog: anyone may browse, only catalog editors may change products.
default allow_catalog_read = true

default allow_catalog_write = false

allow_catalog_write {
	input.user.groups[_] == "catalog-editors"
}

# notifications: templates are managed by the marketing team only.
default allow_template_management = false

allow_template_management {
	input.user.groups[_] == "marketing"
}
