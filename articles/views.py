from django.views.generic import DetailView, ListView

from .models import Article


class HomeView(ListView):
    template_name = "articles/home.html"
    queryset = Article.objects.published().for_listing()[:10]


class ArticleListView(ListView):
    queryset = Article.objects.published().for_listing()
    paginate_by = 20


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().for_listing()
