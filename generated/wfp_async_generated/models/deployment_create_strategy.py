from enum import StrEnum


class DeploymentCreateStrategy(StrEnum):
    PERCENTAGE = "percentage"

    def __str__(self) -> str:
        return str(self.value)
