"""Read API for communes: the autocomplete behind every commune field, and one commune by code."""

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Commune
from .search import is_insee_code, search_communes
from .serializers import CommuneSearchParams, CommuneSerializer

# Reference data changes about once a year: browsers may reuse an answer for an hour, which spares
# the server the same keystrokes typed again.
CACHE_SECONDS = 3600


class PublicReferenceMixin:
    # Public reference data, the same for everyone: no session lookup, no CSRF, cacheable.
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


class CommuneListView(PublicReferenceMixin, APIView):
    @extend_schema(
        operation_id="communes_search",
        summary="Rechercher une commune",
        description=(
            "Autocomplétion : communes dont le nom commence par la recherche, puis dont un mot "
            "commence par la recherche, puis au nom proche (fautes de frappe) ; à qualité égale, "
            "les plus peuplées d'abord. Une recherche de 2 à 5 chiffres cherche un code postal "
            "commençant par ces chiffres, ou un code INSEE exact."
        ),
        parameters=[CommuneSearchParams],
        responses={
            200: CommuneSerializer(many=True),
            400: OpenApiResponse(description="Paramètre invalide : message par paramètre."),
        },
        tags=["communes"],
    )
    def get(self, request):
        params = CommuneSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        communes = search_communes(params.validated_data["q"], params.validated_data["limit"])
        return Response(CommuneSerializer(communes, many=True).data)


class CommuneDetailView(PublicReferenceMixin, RetrieveAPIView):
    queryset = Commune.objects.with_department_name()
    serializer_class = CommuneSerializer
    lookup_field = "code"

    @extend_schema(
        operation_id="communes_retrieve",
        summary="Une commune par son code INSEE",
        responses={
            200: CommuneSerializer,
            404: OpenApiResponse(description="Code INSEE inconnu."),
        },
        tags=["communes"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        # Only a well-formed code reaches the database (a NUL byte in the path gave a 500).
        code = self.kwargs["code"].upper()
        commune = self.get_queryset().filter(code=code).first() if is_insee_code(code) else None
        if commune is None:
            raise NotFound("Aucune commune ne porte ce code INSEE.")
        self.check_object_permissions(self.request, commune)
        return commune
