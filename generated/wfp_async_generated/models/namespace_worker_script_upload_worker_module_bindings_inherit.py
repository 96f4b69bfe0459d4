from enum import StrEnum


class NamespaceWorkerScriptUploadWorkerModuleBindingsInherit(StrEnum):
    STRICT = "strict"

    def __str__(self) -> str:
        return str(self.value)
