from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Tests only (see settings.TESTING): Argon2id with small costs, so hundreds of logins stay fast."""

    algorithm = "argon2-fast"
    time_cost = 1
    memory_cost = 64
    parallelism = 1
