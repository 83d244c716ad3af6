from core.audit import register_audited
from vendors.models import Component, Contact, Contract, ContractDocument, Vendor

for model in (Vendor, Contact, Contract, ContractDocument, Component):
    register_audited(model)
