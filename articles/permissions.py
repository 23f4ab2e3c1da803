"""Who may do what to a story: the admin, the forms and the services all ask here."""

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Editors publish, schedule and unpublish, edit anyone's story and restore from the trash."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_change_article(user, article):
    """Editors change any story; writers only their own (or assigned to them), and only before it is published."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.is_worked_on_by(user) and article.status != article.Status.PUBLISHED


def can_trash_article(user, article):
    """Editors move any story to the trash; writers their own (the only ones they see)."""
    if not user.has_perm("articles.delete_article"):
        return False
    return can_publish(user) or article.created_by_id == user.pk


def can_withdraw(user):
    """Editors withdraw a published story (and reinstate it): a takedown is a decision about the public record."""
    return user.has_perm("articles.withdraw_article")


def can_correct(user, correction=None):
    """Editors append corrections; only they edit or withdraw one."""
    return user.has_perm("articles.add_correction" if correction is None else "articles.change_correction")
